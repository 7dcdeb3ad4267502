package org.sparsetrain.engine.backend.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.backend.PoolGeometry;

class ReferencePoolTest {
    @Test
    void firstNaNInWindowOrderWinsAcrossRows() {
        // One channel, 2x2 input, batch 1: [[1, NaN], [NaN, 5]]; one 2x2 window.
        double[] x = {1, Double.NaN, Double.NaN, 5};
        double[] y = new double[1];
        int[] argmax = new int[1];
        ReferencePool.maxForward(new PoolGeometry(1, 1, 2, 2, 2, 2, 2, 2, 0, 0), x, y, argmax);
        assertTrue(Double.isNaN(y[0]));
        assertEquals(1, argmax[0], "the NaN at (0,1) comes first in window order");
    }

    @Test
    void tiesGoToTheFirstMaximum() {
        double[] x = {3, 7, 7, 2};
        double[] y = new double[1];
        int[] argmax = new int[1];
        ReferencePool.maxForward(new PoolGeometry(1, 1, 2, 2, 2, 2, 2, 2, 0, 0), x, y, argmax);
        assertEquals(7, y[0]);
        assertEquals(1, argmax[0]);
    }
}
