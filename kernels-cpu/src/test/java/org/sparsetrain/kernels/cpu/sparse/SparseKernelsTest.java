package org.sparsetrain.kernels.cpu.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.kernels.cpu.simd.SparseConvLayout;

/** {@link SparseKernels} dispatch: both implementations agree on a conv layer, and shapes are checked. */
class SparseKernelsTest {

    @Test
    void simdIsPickedWhenTheVectorApiIsThere() {
        // the surefire JVM runs with --add-modules jdk.incubator.vector
        assertEquals(SparseKernels.SIMD, SparseKernels.best());
    }

    @Test
    void convThroughTheDispatchAgreesBetweenImplementations() {
        ConvGeometry g = new ConvGeometry(19, 3, 6, 6, 4, 3, 3, 1, 1, 1, 1, 1);
        Random rnd = new Random(3);
        CsrMatrix w = SparseTestMatrices.random(rnd, 4, 27, 0.4);
        float[] x = SparseTestMatrices.randomArray(rnd, 0, (int) g.inputSize(), 0f);
        float[] gy = SparseTestMatrices.randomArray(rnd, 0, (int) g.outputSize(), 0f);
        float[] xp = new float[(int) SparseConvLayout.paddedInputSize(g)];
        SparseConvLayout.padInput(g, x, 0, xp, 0, 0, g.inC());
        float[] d = new float[(int) SparseConvLayout.dilatedGradientSize(g)];
        SparseConvLayout.dilateGradient(g, gy, 0, d, 0, 0, g.outC());
        float[][] out = new float[2][];
        float[][] gx = new float[2][];
        float[][] gw = new float[2][];
        for (SparseKernels impl : SparseKernels.values()) {
            int i = impl.ordinal();
            out[i] = new float[(int) g.outputSize()];
            gx[i] = new float[(int) g.inputSize()];
            gw[i] = new float[w.nnz()];
            impl.convForward(g, w, xp, 0, out[i], 0, 0, g.outC());
            impl.convBackwardInput(g, w, d, 0, gx[i], 0, 0, g.inC());
            impl.convBackwardWeight(g, w, xp, 0, gy, 0, gw[i], 0, 0, g.outC());
        }
        assertArrayEquals(out[1], out[0]);
        assertArrayEquals(gx[1], gx[0]);
        for (int p = 0; p < w.nnz(); p++) assertEquals(gw[1][p], gw[0][p], 1e-4, "weight gradient " + p);
    }

    @Test
    void convRejectsAWeightOfTheWrongShape() {
        ConvGeometry g = new ConvGeometry(2, 3, 6, 6, 4, 3, 3, 1, 1, 0, 0, 1);
        CsrMatrix w = SparseTestMatrices.random(new Random(1), 4, 26, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparseKernels.SIMD.convForward(
                g, w, new float[(int) g.inputSize()], 0, new float[(int) g.outputSize()], 0, 0, 4));
        assertTrue(e.getMessage().contains("4x26") && e.getMessage().contains("4x27"), e.getMessage());
    }
}
