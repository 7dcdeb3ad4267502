package org.sparsetrain.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.backend.UnaryOp;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Every primitive the SIMD backend implements itself, against the double-precision reference backend: sizes
 * around the vector length (1, 15, 16, 17), a prime (1021) and a large size that takes the multi-threaded path,
 * all at non-zero offsets; GEMM in all four transpose combinations with beta 0, 1 and 0.5.
 */
class SimdBackendConformanceTest {
    /** Sizes of the conventions: 1, lanes-1, lanes, lanes+1, 1021 and one above the parallel threshold. */
    static final int[] SIZES = {1, 15, 16, 17, 1021, 200_003};

    private static SimdBackend simd;
    private static final Backend REF = Backends.reference();

    @BeforeAll static void start() { simd = new SimdBackend(2); }

    @AfterAll static void stop() { simd.close(); }

    /** Float-rounding tolerance of one result that summed {@code terms} products of magnitude {@code scale}. */
    private static void assertClose(String what, Tensor expected, Tensor actual, int terms, double scale) {
        double tol = 1e-5 * Math.sqrt(Math.max(1, terms)) * scale;
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i), a = actual.getFlat(i);
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            if (!(Math.abs(e - a) <= tol + 1e-6 * Math.abs(e))) {
                fail(what + ": element " + i + " expected " + e + " got " + a + " (tol " + tol + ")");
            }
        }
    }

    // ------------------------------------------------------------------ GEMM

    static Stream<Arguments> gemmCases() {
        int[][] shapes = {
                {1, 1, 1}, {1, 17, 5}, {15, 1, 16}, {16, 16, 16}, {17, 15, 17}, {4, 64, 256}, {5, 65, 257},
                {97, 70, 300}, {33, 600, 40}, {300, 128, 79}, {1021, 3, 2}, {3, 1021, 9},
                // 2 threads: row split on one shared packed B (above), column split when m has too few row tiles
                {7, 700, 300}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                for (double beta : new double[]{0, 1, 0.5}) {
                    cases.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, beta));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4} beta={5}")
    @MethodSource("gemmCases")
    void gemmMatchesReference(int m, int n, int k, boolean transA, boolean transB, double beta) {
        SplittableRandom rng = new SplittableRandom(31L * m + 7L * n + k + (transA ? 1 : 0) + (transB ? 2 : 0));
        Tensor a = TestArrays.uniformView(rng, -1, 1, transA ? k : m, transA ? m : k);
        Tensor b = TestArrays.uniformView(rng, -1, 1, transB ? n : k, transB ? k : n);
        Tensor c = TestArrays.uniformView(rng, -1, 1, m, n);
        float[] original = c.floats().clone();
        Tensor expected = TestArrays.copyView(c);
        REF.gemm(transA, transB, m, n, k, 0.75, a, b, beta, expected);
        simd.gemm(transA, transB, m, n, k, 0.75, a, b, beta, c);
        assertClose("gemm", expected, c, k, 1.0);
        assertTrue(TestArrays.paddingIntact(c, original), "gemm wrote outside C");
    }

    @Test void gemmLargeEveryOrientationAcrossBlocks() {
        // m > MC, n > NC, k > KC: every blocking loop runs more than once and ends with a partial block
        int m = 203, n = 530, k = 600;
        SplittableRandom rng = new SplittableRandom(5);
        for (int t = 0; t < 4; t++) {
            boolean transA = (t & 1) != 0, transB = (t & 2) != 0;
            Tensor a = TestArrays.uniformView(rng, -1, 1, transA ? k : m, transA ? m : k);
            Tensor b = TestArrays.uniformView(rng, -1, 1, transB ? n : k, transB ? k : n);
            Tensor c = TestArrays.uniformView(rng, -1, 1, m, n);
            Tensor expected = TestArrays.copyView(c);
            REF.gemm(transA, transB, m, n, k, 1.0, a, b, 0.5, expected);
            simd.gemm(transA, transB, m, n, k, 1.0, a, b, 0.5, c);
            assertClose("gemm t=" + t, expected, c, k, 1.0);
        }
    }

    @Test void gemmBetaZeroIgnoresNaNInC() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int[] s : new int[][]{{9, 70, 13}, {64, 64, 300}}) {
            int m = s[0], n = s[1], k = s[2];
            Tensor a = TestArrays.uniformView(rng, -1, 1, m, k), b = TestArrays.uniformView(rng, -1, 1, k, n);
            Tensor c = Tensor.full(DType.F32, Float.NaN, m, n);
            Tensor expected = Tensor.zeros(m, n);
            REF.gemm(false, false, m, n, k, 1.0, a, b, 0.0, expected);
            simd.gemm(false, false, m, n, k, 1.0, a, b, 0.0, c);
            for (int i = 0; i < c.size(); i++) assertTrue(!Double.isNaN(c.getFlat(i)), "NaN leaked at " + i);
            assertClose("gemm beta=0", expected, c, k, 1.0);
        }
    }

    @Test void f64TensorsGoToTheReference() {
        Rng rng = new Rng(3);
        Tensor a = Tensor.randn(DType.F64, rng, 5, 7), b = Tensor.randn(DType.F64, rng, 7, 3);
        Tensor c1 = Tensor.zeros(DType.F64, 5, 3), c2 = Tensor.zeros(DType.F64, 5, 3);
        REF.gemm(false, false, 5, 3, 7, 1.0, a, b, 0.0, c1);
        simd.gemm(false, false, 5, 3, 7, 1.0, a, b, 0.0, c2);
        for (int i = 0; i < c1.size(); i++) assertEquals(c1.getFlat(i), c2.getFlat(i), 0.0);
        Tensor s1 = Tensor.zeros(DType.F64, 5, 7), s2 = Tensor.zeros(DType.F64, 5, 7);
        REF.unary(UnaryOp.EXP, a, s1);
        simd.unary(UnaryOp.EXP, a, s2);
        for (int i = 0; i < s1.size(); i++) assertEquals(s1.getFlat(i), s2.getFlat(i), 0.0);
    }

    // ------------------------------------------------------------------ elementwise

    @ParameterizedTest @EnumSource(BinaryOp.class)
    void binaryMatchesReference(BinaryOp op) {
        for (int size : SIZES) {
            SplittableRandom rng = new SplittableRandom(size + op.ordinal());
            Tensor a = TestArrays.uniformView(rng, -2, 2, size), b = TestArrays.uniformView(rng, 0.5, 2, size);
            Tensor out = TestArrays.uniformView(rng, -1, 1, size), expected = TestArrays.copyView(out);
            float[] original = out.floats().clone();
            REF.binary(op, a, b, expected);
            simd.binary(op, a, b, out);
            assertClose(op + " size " + size, expected, out, 1, 1e-1);
            assertTrue(TestArrays.paddingIntact(out, original), op + " wrote outside out");
        }
    }

    @ParameterizedTest @EnumSource(UnaryOp.class)
    void unaryMatchesReference(UnaryOp op) {
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT;
        for (int size : SIZES) {
            SplittableRandom rng = new SplittableRandom(size * 3L + op.ordinal());
            Tensor a = TestArrays.uniformView(rng, positive ? 0.01 : -3, 3, size);
            Tensor out = TestArrays.uniformView(rng, -1, 1, size), expected = TestArrays.copyView(out);
            REF.unary(op, a, expected);
            simd.unary(op, a, out);
            assertClose(op + " size " + size, expected, out, 1, 1e-1);
        }
    }

    @Test void unaryInPlaceAliasing() {
        SplittableRandom rng = new SplittableRandom(2);
        Tensor a = TestArrays.uniformView(rng, -1, 1, 1021), expected = TestArrays.copyView(a);
        REF.unary(UnaryOp.RELU, expected, expected);
        simd.unary(UnaryOp.RELU, a, a);
        assertClose("relu in place", expected, a, 1, 1e-1);
    }

    @Test void axpyAffineReluBackwardMatchReference() {
        for (int size : SIZES) {
            SplittableRandom rng = new SplittableRandom(size);
            Tensor x = TestArrays.uniformView(rng, -1, 1, size), y = TestArrays.uniformView(rng, -1, 1, size);
            Tensor yRef = TestArrays.copyView(y);
            REF.axpy(-0.3, x, yRef);
            simd.axpy(-0.3, x, y);
            assertClose("axpy size " + size, yRef, y, 2, 1e-1);

            Tensor out = TestArrays.uniformView(rng, -1, 1, size), outRef = TestArrays.copyView(out);
            REF.affine(x, 1.5, -0.25, outRef);
            simd.affine(x, 1.5, -0.25, out);
            assertClose("affine size " + size, outRef, out, 2, 1e-1);

            Tensor gy = TestArrays.uniformView(rng, -1, 1, size);
            Tensor gx = TestArrays.uniformView(rng, -1, 1, size), gxRef = TestArrays.copyView(gx);
            REF.reluBackward(x, gy, gxRef);
            simd.reluBackward(x, gy, gx);
            assertClose("reluBackward size " + size, gxRef, gx, 1, 0);
        }
    }

    /**
     * The fused SGD step gives the bits of the separate calls it replaces (the default of the interface, run on the
     * SIMD backend's own axpy and affine), with and without weight decay, dampening and Nesterov, and stays within
     * rounding of the double-precision reference.
     */
    @Test void sgdMomentumStepEqualsTheSeparateCallsBitForBit() {
        double[][] configs = {{0.9, 0, 5e-4, 0}, {0.9, 0, 0, 0}, {0.9, 0.1, 5e-4, 0}, {0.9, 0, 5e-4, 1}, {0.5, 0, 0, 1}};
        for (int size : SIZES) {
            for (double[] c : configs) {
                double lr = 0.05, m = c[0], damp = c[1], wd = c[2];
                boolean nesterov = c[3] != 0;
                SplittableRandom rng = new SplittableRandom(size * 31L + java.util.Arrays.hashCode(c));
                Tensor w = TestArrays.uniformView(rng, -1, 1, size), g = TestArrays.uniformView(rng, -1, 1, size);
                Tensor buf = TestArrays.uniformView(rng, -1, 1, size);
                Tensor wSep = TestArrays.copyView(w), bufSep = TestArrays.copyView(buf);
                Tensor wRef = TestArrays.copyView(w), bufRef = TestArrays.copyView(buf);
                Tensor gBefore = TestArrays.copyView(g);

                simd.sgdMomentumStep(w, g, buf, lr, m, damp, wd, nesterov);
                Tensor d = g;
                if (wd != 0) {
                    d = g.copy();
                    simd.axpy(wd, wSep, d);
                }
                simd.affine(bufSep, m, 0.0, bufSep);
                simd.axpy(1.0 - damp, d, bufSep);
                if (nesterov) {
                    if (d == g) d = g.copy();
                    simd.axpy(m, bufSep, d);
                } else {
                    d = bufSep;
                }
                simd.axpy(-lr, d, wSep);
                String what = "sgdMomentumStep size " + size + " config " + java.util.Arrays.toString(c);
                for (int i = 0; i < size; i++) {
                    assertEquals(Float.floatToRawIntBits((float) wSep.getFlat(i)),
                            Float.floatToRawIntBits((float) w.getFlat(i)), what + ": weight " + i);
                    assertEquals(Float.floatToRawIntBits((float) bufSep.getFlat(i)),
                            Float.floatToRawIntBits((float) buf.getFlat(i)), what + ": buffer " + i);
                    assertEquals(gBefore.getFlat(i), g.getFlat(i), what + ": the gradient is only read");
                }
                REF.sgdMomentumStep(wRef, gBefore, bufRef, lr, m, damp, wd, nesterov);
                assertClose(what + " vs reference, weight", wRef, w, 4, 1);
                assertClose(what + " vs reference, buffer", bufRef, buf, 4, 1);
            }
        }
    }

    @Test void sumMatchesReference() {
        for (int size : SIZES) {
            Tensor a = TestArrays.uniformView(new SplittableRandom(size), -1, 1, size);
            double expected = REF.sum(a), actual = simd.sum(a);
            assertEquals(expected, actual, 1e-12 * size + 1e-12, "sum size " + size);
        }
    }

    @ParameterizedTest @ValueSource(ints = {1, 3, 16, 17, 300})
    void rowBiasAndRowSumsMatchReference(int rows) {
        for (int cols : new int[]{1, 15, 16, 17, 1021}) {
            SplittableRandom rng = new SplittableRandom(rows * 1000L + cols);
            Tensor x = TestArrays.uniformView(rng, -1, 1, rows, cols), bias = TestArrays.uniformView(rng, -1, 1, rows);
            Tensor out = TestArrays.uniformView(rng, -1, 1, rows, cols), outRef = TestArrays.copyView(out);
            REF.addRowBias(x, bias, outRef);
            simd.addRowBias(x, bias, out);
            assertClose("addRowBias " + rows + "x" + cols, outRef, out, 1, 1e-1);

            Tensor sums = TestArrays.uniformView(rng, -1, 1, rows), sumsRef = TestArrays.copyView(sums);
            REF.sumRows(x, sumsRef);
            simd.sumRows(x, sums);
            assertClose("sumRows " + rows + "x" + cols, sumsRef, sums, 1, 1e-1);
        }
    }

    @Test void mismatchedSizesAreRejectedWithTheOpName() {
        Tensor a = Tensor.zeros(4, 5), b = Tensor.zeros(5, 3), c = Tensor.zeros(4, 4);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> simd.gemm(false, false, 4, 3, 5, 1, a, b, 0, c));
        assertTrue(e.getMessage().startsWith("gemm: c"), e.getMessage());
    }
}
