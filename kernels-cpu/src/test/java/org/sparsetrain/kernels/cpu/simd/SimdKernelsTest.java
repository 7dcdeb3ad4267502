package org.sparsetrain.kernels.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.backend.UnaryOp;

/**
 * Each SIMD kernel against its scalar twin, called with the same arguments at non-zero offsets. Elementwise
 * kernels perform the same IEEE operation per element as their twins (fma for fma, correctly rounded sqrt), so
 * they must agree bit for bit; sums and GEMM reassociate and are compared with a float tolerance.
 */
class SimdKernelsTest {
    static final int[] SIZES = {0, 1, 15, 16, 17, 63, 1021, 4099};
    static final int OFF = 5;

    private static float[] random(SplittableRandom rng, int len, double lo, double hi) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) a[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        return a;
    }

    @ParameterizedTest @EnumSource(BinaryOp.class)
    void binaryBitIdentical(BinaryOp op) {
        for (int n : SIZES) {
            SplittableRandom rng = new SplittableRandom(n);
            float[] a = random(rng, n + OFF, -3, 3), b = random(rng, n + OFF, 0.1, 3);
            float[] s = new float[n + 2 * OFF], v = new float[n + 2 * OFF];
            ScalarElementwise.binary(op, a, OFF, b, OFF, s, OFF, n);
            SimdElementwise.binary(op, a, OFF, b, OFF, v, OFF, n);
            assertArrayEquals(s, v, op + " n=" + n);
        }
    }

    @ParameterizedTest @EnumSource(UnaryOp.class)
    void unaryBitIdentical(UnaryOp op) {
        for (int n : SIZES) {
            SplittableRandom rng = new SplittableRandom(n);
            float[] a = random(rng, n + OFF, op == UnaryOp.LOG || op == UnaryOp.SQRT ? 0 : -3, 3);
            if (n > 3) {   // the edge cases RELU must send to +0: NaN and -0
                a[OFF] = Float.NaN;
                a[OFF + 1] = -0.0f;
            }
            float[] s = new float[n + 2 * OFF], v = new float[n + 2 * OFF];
            ScalarElementwise.unary(op, a, OFF, s, OFF, n);
            SimdElementwise.unary(op, a, OFF, v, OFF, n);
            assertArrayEquals(s, v, op + " n=" + n);
        }
    }

    @Test void reluSendsNaNAndNegativeZeroToPositiveZero() {
        float[] a = new float[32];
        a[0] = Float.NaN;
        a[1] = -0.0f;
        a[2] = 2f;
        float[] out = new float[32];
        SimdElementwise.unary(UnaryOp.RELU, a, 0, out, 0, 32);
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(out[0]));
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(out[1]));
        assertEquals(2f, out[2]);
    }

    @Test void axpyAffineReluBackwardBitIdentical() {
        for (int n : SIZES) {
            SplittableRandom rng = new SplittableRandom(n + 100);
            float[] x = random(rng, n + OFF, -1, 1), y = random(rng, n + OFF, -1, 1), gy = random(rng, n + OFF, -1, 1);
            float[] ys = y.clone(), yv = y.clone();
            ScalarElementwise.axpy(0.37f, x, OFF, ys, OFF, n);
            SimdElementwise.axpy(0.37f, x, OFF, yv, OFF, n);
            assertArrayEquals(ys, yv, "axpy n=" + n);

            float[] s = new float[n + OFF], v = new float[n + OFF];
            ScalarElementwise.affine(x, OFF, -1.3f, 0.2f, s, OFF, n);
            SimdElementwise.affine(x, OFF, -1.3f, 0.2f, v, OFF, n);
            assertArrayEquals(s, v, "affine n=" + n);

            ScalarElementwise.reluBackward(x, OFF, gy, OFF, s, OFF, n);
            SimdElementwise.reluBackward(x, OFF, gy, OFF, v, OFF, n);
            assertArrayEquals(s, v, "reluBackward n=" + n);
        }
    }

    @Test void rowKernelsMatchTwins() {
        for (int cols : SIZES) {
            int rows = 3;
            SplittableRandom rng = new SplittableRandom(cols + 7);
            float[] x = random(rng, rows * cols + OFF, -1, 1), bias = random(rng, rows + OFF, -1, 1);
            assertEquals(ScalarRows.sum(x, OFF, rows * cols), SimdRows.sum(x, OFF, rows * cols), 1e-12 * (1 + cols));

            float[] s = new float[rows + OFF], v = new float[rows + OFF];
            ScalarRows.sumRows(x, OFF, s, OFF, rows, cols);
            SimdRows.sumRows(x, OFF, v, OFF, rows, cols);
            for (int r = 0; r < rows + OFF; r++) assertEquals(s[r], v[r], 1e-6f * (1 + Math.abs(s[r])), "sumRows");

            float[] bs = new float[rows * cols + OFF], bv = new float[rows * cols + OFF];
            ScalarRows.addRowBias(x, OFF, bias, OFF, bs, OFF, rows, cols);
            SimdRows.addRowBias(x, OFF, bias, OFF, bv, OFF, rows, cols);
            assertArrayEquals(bs, bv, "addRowBias cols=" + cols);
        }
    }

    @Test void gemmMatchesScalarTwinWithLeadingDimensions() {
        SplittableRandom rng = new SplittableRandom(42);
        // the last: m > MC with a partial last panel and k > KC, so a transposed A is packed in several blocks
        int[][] shapes = {{1, 1, 1}, {4, 64, 1}, {5, 65, 3}, {17, 130, 257}, {100, 33, 70}, {203, 70, 600}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0, transB = (t & 2) != 0;
                // leading dimensions larger than the logical width: the kernels must use them, not the width
                int lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 2, ldc = n + 5;
                float[] a = random(rng, OFF + (transA ? k : m) * lda, -1, 1);
                float[] b = random(rng, OFF + (transB ? n : k) * ldb, -1, 1);
                float[] c0 = random(rng, OFF + m * ldc, -1, 1);
                float[] cs = c0.clone(), cv = c0.clone();
                ScalarGemm.gemm(transA, transB, m, n, k, 1.25f, a, OFF, lda, b, OFF, ldb, 0.5f, cs, OFF, ldc);
                SimdGemm.gemm(transA, transB, m, n, k, 1.25f, a, OFF, lda, b, OFF, ldb, 0.5f, cv, OFF, ldc);
                double tol = 2e-6 * Math.sqrt(k) * 1.25 * Math.sqrt(k) + 1e-6;
                for (int i = 0; i < cs.length; i++) {
                    boolean inC = i >= OFF && (i - OFF) % ldc < n;
                    if (inC) assertEquals(cs[i], cv[i], tol, "gemm " + m + "x" + n + "x" + k + " t=" + t + " at " + i);
                    else assertEquals(c0[i], cv[i], 0f, "gemm wrote outside C at " + i);
                }
            }
        }
    }

    @Test void gemmWithZeroDepthOnlyScalesC() {
        // tensors cannot have a zero dimension, but the kernel takes raw arrays and must handle k == 0
        float[] c = {2f, 2f, Float.NaN, 2f};
        SimdGemm.gemm(false, false, 2, 2, 0, 1f, new float[0], 0, 0, new float[0], 0, 2, 0.5f, c, 0, 2);
        assertEquals(1f, c[0]);
        assertTrue(Float.isNaN(c[2]), "beta != 0 keeps C's NaN");
        SimdGemm.gemm(false, false, 2, 2, 0, 1f, new float[0], 0, 0, new float[0], 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[4], c, "beta == 0 zeroes C, NaN included");
    }

    @Test void supportReportsTheSpecies() {
        assertTrue(SimdSupport.preferredFloatLanes() >= 4);
        assertEquals(4 * SimdSupport.preferredFloatLanes(), SimdGemm.NR);
    }
}
