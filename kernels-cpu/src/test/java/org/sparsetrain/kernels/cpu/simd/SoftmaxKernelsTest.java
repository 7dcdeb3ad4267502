package org.sparsetrain.kernels.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.assertClose;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.assertGuards;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.guarded;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.random;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.slice;

import java.util.Random;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.Tensor;

/** {@link SoftmaxKernels} against its scalar twin and the reference backend, and column splits. */
class SoftmaxKernelsTest {
    private static final int OFF = 3;

    @ParameterizedTest
    @CsvSource({"1,1", "10,1", "3,15", "10,16", "10,17", "17,33", "10,128", "100,130"})
    void forwardAndBackwardMatchReference(int classes, int n) {
        Random rnd = new Random(classes * 1000L + n);
        int size = classes * n;
        float[] x = random(rnd, OFF, size), gy = random(rnd, OFF, size);
        for (int i = 0; i < size; i++) x[OFF + i] *= 20; // spread of 40: exp underflows for some classes
        if (classes > 1) x[OFF + n - 1] = Float.NEGATIVE_INFINITY; // a masked-out class in the last column
        Tensor y = Tensor.zeros(classes, n);
        Backends.reference().logSoftmaxForward(Tensor.view(x, OFF, classes, n), y);

        float[] whole = guarded(1, size), split = guarded(1, size), sc = guarded(1, size);
        SoftmaxKernels.logSoftmaxForward(x, OFF, classes, n, whole, 1, 0, n);
        int k = n / 2 + 1 > n ? n : n / 2 + 1;
        SoftmaxKernels.logSoftmaxForward(x, OFF, classes, n, split, 1, k, n);
        SoftmaxKernels.logSoftmaxForward(x, OFF, classes, n, split, 1, 0, k);
        ScalarSoftmaxKernels.logSoftmaxForward(x, OFF, classes, n, sc, 1, 0, n);
        assertGuards("forward", whole, 1, size);
        assertArrayEquals(whole, split, "a column split must give bit-identical results");
        assertClose("forward simd", y.toFloatArray(), slice(whole, 1, size), 2e-6);
        assertClose("forward scalar", y.toFloatArray(), slice(sc, 1, size), 2e-6);

        Tensor gx = Tensor.zeros(classes, n);
        Backends.reference().logSoftmaxBackward(Tensor.view(whole, 1, classes, n), Tensor.view(gy, OFF, classes, n), gx);
        float[] bw = guarded(2, size), bs = guarded(2, size), bsc = guarded(2, size);
        SoftmaxKernels.logSoftmaxBackward(whole, 1, gy, OFF, classes, n, bw, 2, 0, n);
        SoftmaxKernels.logSoftmaxBackward(whole, 1, gy, OFF, classes, n, bs, 2, k, n);
        SoftmaxKernels.logSoftmaxBackward(whole, 1, gy, OFF, classes, n, bs, 2, 0, k);
        ScalarSoftmaxKernels.logSoftmaxBackward(whole, 1, gy, OFF, classes, n, bsc, 2, 0, n);
        assertGuards("backward", bw, 2, size);
        assertArrayEquals(bw, bs, "a column split must give bit-identical results");
        double tol = 2e-6 * Math.sqrt(classes);
        assertClose("backward simd", gx.toFloatArray(), slice(bw, 2, size), tol);
        assertClose("backward scalar", gx.toFloatArray(), slice(bsc, 2, size), tol);
    }

    @Test
    void vectorExpIsWithinTwoUlpsOfStrictMathAndFlushesSubnormals() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        Random rnd = new Random(17);
        float[] in = new float[lanes], out = new float[lanes];
        for (int round = 0; round < 4000; round++) {
            for (int i = 0; i < lanes; i++) in[i] = round < 2000 ? -87f * rnd.nextFloat() : 88f * (rnd.nextFloat() * 2 - 1);
            SoftmaxKernels.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, in, 0)).intoArray(out, 0);
            for (int i = 0; i < lanes; i++) {
                float want = (float) StrictMath.exp(in[i]);
                if (in[i] < -87.3365f) { // results below the smallest normal float are flushed to zero
                    assertEquals(0f, out[i], "exp(" + in[i] + ")");
                    continue;
                }
                assertTrue(Math.abs(out[i] - want) <= 2 * Math.ulp(want), "exp(" + in[i] + ") = " + out[i] + ", want " + want);
            }
        }
        float[] special = new float[lanes];
        special[0] = Float.NEGATIVE_INFINITY;
        special[1] = Float.NaN;
        special[2] = -100f;
        special[3] = 0f;
        SoftmaxKernels.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, special, 0)).intoArray(out, 0);
        assertEquals(0f, out[0]);
        assertTrue(Float.isNaN(out[1]));
        assertEquals(0f, out[2]);
        assertEquals(1f, out[3]);
    }

    @Test
    void rejectsBadColumnRanges() {
        float[] x = new float[12];
        assertThrows(IllegalArgumentException.class, () -> SoftmaxKernels.logSoftmaxForward(x, 0, 3, 4, x, 0, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> SoftmaxKernels.logSoftmaxForward(x, 1, 3, 4, x, 0, 0, 4));
        assertThrows(IllegalArgumentException.class,
                () -> ScalarSoftmaxKernels.logSoftmaxBackward(x, 0, x, 0, 3, 4, x, 0, 3, 2));
    }
}
