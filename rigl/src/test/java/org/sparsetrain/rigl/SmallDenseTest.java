package org.sparsetrain.rigl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.tensor.Rng;

class SmallDenseTest {
    private static final int[] LENET = {784, 300, 100, 10};

    @Test
    void parameterCountOfLeNet300100() {
        assertEquals(266_200 + 410, SmallDense.mlpParameters(LENET));
        assertArrayEquals(new int[] {784, 150, 50, 10}, SmallDense.scaled(LENET, 0.5));
    }

    @Test
    void widthMatchingLeNetAtDensityTenPercent() {
        Module m = TestNets.mlp(new Rng(1), LENET);
        RigL r = RigL.attach(m, TestNets.sgd(m, 0.1, 0.9), RigLConfig.builder().density(0.1).build(), 1000, new Rng(2));
        long target = 26_620 + 410; // active weights of uniform 0.1 plus the dense biases
        double w = SmallDense.mlpWidthMatching(r, LENET);
        assertEquals(w, SmallDense.mlpWidth(LENET, target));
        // hidden 33 and 11: 26 399 parameters; one more unit in the first hidden layer gives 27 195 > 27 030
        assertArrayEquals(new int[] {784, 33, 11, 10}, SmallDense.scaled(LENET, w));
        assertEquals(26_399, SmallDense.mlpParameters(SmallDense.scaled(LENET, w)));
        assertTrue(SmallDense.mlpParameters(SmallDense.scaled(LENET, w + 1e-8)) > target);
    }

    @Test
    void targetsOutsideTheReachableRange() {
        assertEquals(1.0, SmallDense.mlpWidth(LENET, 10_000_000));
        String m = assertThrows(IllegalArgumentException.class, () -> SmallDense.mlpWidth(LENET, 100)).getMessage();
        assertTrue(m.contains("below the") && m.contains("[784, 1, 1, 10]"), m);
        assertThrows(IllegalArgumentException.class, () -> SmallDense.mlpWidth(new int[] {784, 10}, 100));
    }
}
