package org.sparsetrain.engine.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

class InitTest {

    @Test void fansFollowPyTorchOrderedShapes() {
        assertEquals(784, Init.fanIn(Shape.of(300, 784)));
        assertEquals(300, Init.fanOut(Shape.of(300, 784)));
        // conv [Co][Ci/g][kH][kW]
        assertEquals(4 * 3 * 5, Init.fanIn(Shape.of(16, 4, 3, 5)));
        assertEquals(16 * 3 * 5, Init.fanOut(Shape.of(16, 4, 3, 5)));
        assertThrows(IllegalArgumentException.class, () -> Init.fanIn(Shape.of(10)));
    }

    @Test void gainsMatchCalculateGain() {
        assertEquals(1.0, Nonlinearity.LINEAR.gain());
        assertEquals(5.0 / 3, Nonlinearity.TANH.gain());
        assertEquals(Math.sqrt(2), Nonlinearity.RELU.gain());
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Nonlinearity.LEAKY_RELU.gain());
        assertEquals(Math.sqrt(1.0 / 3), Nonlinearity.LEAKY_RELU.gain(Math.sqrt(5)), 1e-15);
    }

    @Test void kaimingUniformHasTheFormulaBoundAndStd() {
        Tensor w = Tensor.zeros(DType.F64, 200, 50, 3, 3);
        Init.kaimingUniform(w, FanMode.FAN_IN, Nonlinearity.RELU.gain(), new Rng(1));
        double fan = 50 * 9;
        double bound = Math.sqrt(2) * Math.sqrt(3 / fan);
        assertStats(w, 0, bound / Math.sqrt(3), bound);
    }

    @Test void kaimingUniformFanOutUsesTheOutputFan() {
        Tensor w = Tensor.zeros(DType.F64, 300, 100);
        Init.kaimingUniform(w, FanMode.FAN_OUT, 1.0, new Rng(2));
        double bound = Math.sqrt(3.0 / 300);
        assertStats(w, 0, bound / Math.sqrt(3), bound);
    }

    @Test void kaimingNormalHasTheFormulaStd() {
        Tensor w = Tensor.zeros(DType.F64, 400, 250);
        Init.kaimingNormal(w, FanMode.FAN_IN, Nonlinearity.RELU.gain(), new Rng(3));
        assertStats(w, 0, Math.sqrt(2.0 / 250), Double.POSITIVE_INFINITY);
    }

    @Test void glorotUniformAndNormalUseBothFans() {
        Tensor u = Init.glorotUniform(Tensor.zeros(DType.F64, 300, 200), 1.0, new Rng(4));
        double bound = Math.sqrt(6.0 / 500);
        assertStats(u, 0, bound / Math.sqrt(3), bound);
        Tensor n = Init.glorotNormal(Tensor.zeros(DType.F64, 300, 200), 2.0, new Rng(5));
        assertStats(n, 0, 2.0 * Math.sqrt(2.0 / 500), Double.POSITIVE_INFINITY);
    }

    @Test void constantsAndSeededDeterminism() {
        assertEquals(0.0, Init.zeros(Tensor.full(DType.F32, 3, 4)).getFlat(3));
        assertEquals(1.0, Init.ones(Tensor.zeros(4)).getFlat(2));
        Tensor a = Init.kaimingNormal(Tensor.zeros(8, 8), FanMode.FAN_IN, 1, new Rng(6));
        Tensor b = Init.kaimingNormal(Tensor.zeros(8, 8), FanMode.FAN_IN, 1, new Rng(6));
        assertEquals(java.util.Arrays.toString(a.toFloatArray()), java.util.Arrays.toString(b.toFloatArray()));
    }

    /** Sample mean near 0, sample std within 2 % of {@code std}, every value within {@code bound}. */
    private static void assertStats(Tensor t, double mean, double std, double bound) {
        double[] v = t.toDoubleArray();
        double s = 0, s2 = 0, maxAbs = 0;
        for (double x : v) {
            s += x;
            s2 += x * x;
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        double m = s / v.length;
        double sd = Math.sqrt(s2 / v.length - m * m);
        // Standard error of the mean is std/sqrt(n); 5 of them is far beyond chance for a seeded draw.
        assertEquals(mean, m, 5 * std / Math.sqrt(v.length), "mean");
        assertEquals(std, sd, 0.02 * std, "std");
        assertTrue(maxAbs <= bound, "max |x| " + maxAbs + " exceeds bound " + bound);
        if (Double.isFinite(bound)) assertTrue(maxAbs > 0.99 * bound, "draws should approach the bound " + bound);
    }
}
