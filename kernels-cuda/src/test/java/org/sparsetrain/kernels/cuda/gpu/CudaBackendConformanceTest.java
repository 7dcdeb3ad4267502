package org.sparsetrain.kernels.cuda.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparsetrain.kernels.cuda.gpu.GpuTestArrays.close;
import static org.sparsetrain.kernels.cuda.gpu.GpuTestArrays.copyView;
import static org.sparsetrain.kernels.cuda.gpu.GpuTestArrays.uniformView;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.backend.UnaryOp;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.kernels.cuda.CudaBackend;

/**
 * The conformance suite of the CPU backends (kernels-cpu's SimdBackendConformanceTest and
 * ImageOpsConformanceTest: same cases, same tolerances) run against the GPU backend, plus what is specific to
 * it: results are bit-identical when repeated, host writes between calls are seen, nothing is written
 * outside a view. Tagged {@code gpu}; skipped with the probe's reason where there is no GPU.
 */
@Tag("gpu")
class CudaBackendConformanceTest {
    static final int[] SIZES = {1, 15, 16, 17, 1021, 200_003};
    private static final Backend REF = Backends.reference();
    private static CudaBackend gpu;

    /** Per test, not per class: a class-level skip shows as "Tests run: 0" in surefire, a per-test one as skipped. */
    @BeforeEach void start() { gpu = GpuBackendFixture.backend(); }

    private static void assertClose(String what, Tensor expected, Tensor actual, int terms, double scale) {
        double tol = 1e-5 * Math.sqrt(Math.max(1, terms)) * scale;
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i), a = actual.getFlat(i);
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            assertTrue(Math.abs(e - a) <= tol + 1e-6 * Math.abs(e), what + ": element " + i + " expected " + e + " got " + a);
        }
    }

    // ------------------------------------------------------------------ GEMM (cuBLAS)

    static Stream<Arguments> gemmCases() {
        int[][] shapes = {{1, 1, 1}, {1, 17, 5}, {15, 1, 16}, {16, 16, 16}, {17, 15, 17}, {97, 70, 300}, {300, 128, 79},
                {1021, 3, 2}, {3, 1021, 9}, {203, 530, 600}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                for (double beta : new double[] {0, 1, 0.5}) cases.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, beta));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4} beta={5}")
    @MethodSource("gemmCases")
    void gemmMatchesReference(int m, int n, int k, boolean transA, boolean transB, double beta) {
        SplittableRandom rng = new SplittableRandom(31L * m + 7L * n + k + (transA ? 1 : 0) + (transB ? 2 : 0));
        Tensor a = uniformView(rng, -1, 1, transA ? k : m, transA ? m : k);
        Tensor b = uniformView(rng, -1, 1, transB ? n : k, transB ? k : n);
        Tensor c = uniformView(rng, -1, 1, m, n);
        float[] original = c.floats().clone();
        Tensor expected = copyView(c);
        REF.gemm(transA, transB, m, n, k, 0.75, a, b, beta, expected);
        gpu.gemm(transA, transB, m, n, k, 0.75, a, b, beta, c);
        assertClose("gemm", expected, c, k, 1.0);
        assertTrue(GpuTestArrays.paddingIntact(c, original), "gemm wrote outside C");
    }

    @Test void gemmBetaZeroIgnoresNaNInC() {
        SplittableRandom rng = new SplittableRandom(11);
        Tensor a = uniformView(rng, -1, 1, 9, 13), b = uniformView(rng, -1, 1, 13, 70);
        Tensor c = Tensor.full(DType.F32, Float.NaN, 9, 70), expected = Tensor.zeros(9, 70);
        REF.gemm(false, false, 9, 70, 13, 1.0, a, b, 0.0, expected);
        gpu.gemm(false, false, 9, 70, 13, 1.0, a, b, 0.0, c);
        assertClose("gemm beta=0", expected, c, 13, 1.0);
    }

    @Test void f64TensorsGoToTheReference() {
        Rng rng = new Rng(3);
        Tensor a = Tensor.randn(DType.F64, rng, 5, 7), b = Tensor.randn(DType.F64, rng, 7, 3);
        Tensor c1 = Tensor.zeros(DType.F64, 5, 3), c2 = Tensor.zeros(DType.F64, 5, 3);
        REF.gemm(false, false, 5, 3, 7, 1.0, a, b, 0.0, c1);
        gpu.gemm(false, false, 5, 3, 7, 1.0, a, b, 0.0, c2);
        assertArrayEquals(c1.toDoubleArray(), c2.toDoubleArray());
    }

    // ------------------------------------------------------------------ elementwise and reductions

    @ParameterizedTest @EnumSource(BinaryOp.class)
    void binaryMatchesReference(BinaryOp op) {
        for (int size : SIZES) {
            SplittableRandom rng = new SplittableRandom(size + op.ordinal());
            Tensor a = uniformView(rng, -2, 2, size), b = uniformView(rng, 0.5, 2, size);
            Tensor out = uniformView(rng, -1, 1, size), expected = copyView(out);
            float[] original = out.floats().clone();
            REF.binary(op, a, b, expected);
            gpu.binary(op, a, b, out);
            assertClose(op + " size " + size, expected, out, 1, 1e-1);
            assertTrue(GpuTestArrays.paddingIntact(out, original), op + " wrote outside out");
        }
    }

    @ParameterizedTest @EnumSource(UnaryOp.class)
    void unaryMatchesReference(UnaryOp op) {
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT;
        for (int size : SIZES) {
            SplittableRandom rng = new SplittableRandom(size * 3L + op.ordinal());
            Tensor a = uniformView(rng, positive ? 0.01 : -3, 3, size);
            Tensor out = uniformView(rng, -1, 1, size), expected = copyView(out);
            REF.unary(op, a, expected);
            gpu.unary(op, a, out);
            assertClose(op + " size " + size, expected, out, 1, 1e-1);
        }
    }

    @Test void unaryInPlaceAliasing() {
        Tensor a = uniformView(new SplittableRandom(2), -1, 1, 1021), expected = copyView(a);
        REF.unary(UnaryOp.RELU, expected, expected);
        gpu.unary(UnaryOp.RELU, a, a);
        assertClose("relu in place", expected, a, 1, 1e-1);
    }

    @Test void axpyAffineReluBackwardMatchReference() {
        for (int size : SIZES) {
            SplittableRandom rng = new SplittableRandom(size);
            Tensor x = uniformView(rng, -1, 1, size), y = uniformView(rng, -1, 1, size), yRef = copyView(y);
            REF.axpy(-0.3, x, yRef);
            gpu.axpy(-0.3, x, y);
            assertClose("axpy size " + size, yRef, y, 2, 1e-1);
            Tensor out = uniformView(rng, -1, 1, size), outRef = copyView(out);
            REF.affine(x, 1.5, -0.25, outRef);
            gpu.affine(x, 1.5, -0.25, out);
            assertClose("affine size " + size, outRef, out, 2, 1e-1);
            Tensor gy = uniformView(rng, -1, 1, size), gx = uniformView(rng, -1, 1, size), gxRef = copyView(gx);
            REF.reluBackward(x, gy, gxRef);
            gpu.reluBackward(x, gy, gx);
            assertClose("reluBackward size " + size, gxRef, gx, 1, 0);
        }
    }

    @Test void sumMatchesReference() {
        for (int size : SIZES) {
            Tensor a = uniformView(new SplittableRandom(size), -1, 1, size);
            assertEquals(REF.sum(a), gpu.sum(a), 1e-12 * size + 1e-12, "sum size " + size);
        }
    }

    @ParameterizedTest @ValueSource(ints = {1, 3, 16, 17, 300})
    void rowBiasAndRowSumsMatchReference(int rows) {
        for (int cols : new int[] {1, 15, 16, 17, 1021}) {
            SplittableRandom rng = new SplittableRandom(rows * 1000L + cols);
            Tensor x = uniformView(rng, -1, 1, rows, cols), bias = uniformView(rng, -1, 1, rows);
            Tensor out = uniformView(rng, -1, 1, rows, cols), outRef = copyView(out);
            REF.addRowBias(x, bias, outRef);
            gpu.addRowBias(x, bias, out);
            assertClose("addRowBias " + rows + "x" + cols, outRef, out, 1, 1e-1);
            Tensor sums = uniformView(rng, -1, 1, rows), sumsRef = copyView(sums);
            REF.sumRows(x, sumsRef);
            gpu.sumRows(x, sums);
            assertClose("sumRows " + rows + "x" + cols, sumsRef, sums, 1, 1e-1);
        }
    }

    @Test void mismatchedSizesAreRejectedWithTheOpName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> gpu.gemm(false, false, 4, 3, 5, 1, Tensor.zeros(4, 5), Tensor.zeros(5, 3), 0, Tensor.zeros(4, 4)));
        assertTrue(e.getMessage().startsWith("gemm: c"), e.getMessage());
    }

    // ------------------------------------------------------------------ convolution, batch norm, pooling, softmax

    static Stream<Arguments> convs() {
        return Stream.of(
                Arguments.of(new ConvGeometry(17, 6, 9, 7, 8, 3, 3, 1, 1, 1, 1, 1)),
                Arguments.of(new ConvGeometry(33, 8, 10, 10, 12, 3, 3, 2, 2, 1, 1, 2)),
                Arguments.of(new ConvGeometry(16, 8, 8, 8, 8, 3, 3, 1, 1, 1, 1, 8)),
                Arguments.of(new ConvGeometry(48, 6, 16, 16, 9, 3, 3, 1, 1, 1, 1, 1)),
                Arguments.of(new ConvGeometry(17, 16, 9, 7, 8, 3, 3, 2, 2, 1, 1, 1)),
                Arguments.of(new ConvGeometry(128, 20, 12, 12, 50, 5, 5, 1, 1, 0, 0, 1)),
                Arguments.of(new ConvGeometry(32, 16, 8, 8, 32, 1, 1, 1, 1, 0, 0, 1)),   // pointwise: no im2col
                Arguments.of(new ConvGeometry(32, 16, 8, 8, 32, 1, 1, 2, 2, 0, 0, 1)));  // strided 1x1 (WRN shortcut)
    }

    @ParameterizedTest @MethodSource("convs")
    void convolutionMatchesReference(ConvGeometry g) {
        SplittableRandom rng = new SplittableRandom(11);
        Tensor x = uniformView(rng, -1, 1, g.inC(), g.inH(), g.inW(), g.batch());
        Tensor w = uniformView(rng, -1, 1, g.outC(), g.inCPerGroup(), g.kH(), g.kW());
        Tensor gy = uniformView(rng, -1, 1, g.outC(), g.outH(), g.outW(), g.batch());
        double tol = 1e-5 * Math.sqrt(g.inCPerGroup() * g.kH() * g.kW());
        Tensor[] y = new Tensor[2], gx = new Tensor[2], gw = new Tensor[2];
        Backend[] backends = {REF, gpu};
        for (int b = 0; b < 2; b++) {
            y[b] = Tensor.full(DType.F32, Float.NaN, g.outC(), g.outH(), g.outW(), g.batch());
            gx[b] = Tensor.full(DType.F32, Float.NaN, g.inC(), g.inH(), g.inW(), g.batch());
            gw[b] = Tensor.full(DType.F32, Float.NaN, g.outC(), g.inCPerGroup(), g.kH(), g.kW());
            backends[b].conv2dForward(g, x, w, y[b]);
            backends[b].conv2dBackwardInput(g, gy, w, gx[b]);
            backends[b].conv2dBackwardWeight(g, x, gy, gw[b]);
        }
        close("forward", y[0], y[1], tol);
        close("backward input", gx[0], gx[1], tol);
        close("backward weight", gw[0], gw[1], 1e-5 * Math.sqrt((double) g.batch() * g.outH() * g.outW()));
    }

    @ParameterizedTest @ValueSource(ints = {1, 17, 128})
    void batchNormPoolingAndSoftmaxMatchReference(int batch) {
        SplittableRandom rng = new SplittableRandom(batch);
        int c = 24, h = 10, w = 10;
        Tensor x = uniformView(rng, -2, 2, c, h, w, batch), gy = uniformView(rng, -1, 1, c, h, w, batch);
        Tensor gamma = uniformView(rng, 0.5, 1.5, c), beta = uniformView(rng, -1, 1, c);
        Tensor[] mv = {Tensor.zeros(DType.F32, c), Tensor.zeros(DType.F32, c)}, rv = {Tensor.zeros(DType.F32, c), Tensor.zeros(DType.F32, c)};
        REF.channelMeanVar(x, rv[0], rv[1]);
        gpu.channelMeanVar(x, mv[0], mv[1]);
        close("mean", rv[0], mv[0], 1e-6);
        close("var", rv[1], mv[1], 1e-6);
        Tensor invStd = Tensor.zeros(DType.F32, c);
        for (int i = 0; i < c; i++) invStd.setFlat(i, 1 / Math.sqrt(rv[1].getFlat(i) + 1e-5));
        Tensor yr = Tensor.zerosLike(x), ys = Tensor.zerosLike(x);
        REF.batchNormApply(x, rv[0], invStd, gamma, beta, yr);
        gpu.batchNormApply(x, rv[0], invStd, gamma, beta, ys);
        close("batchNormApply", yr, ys, 1e-5);
        REF.batchNormApply(x, rv[0], invStd, null, null, yr);
        gpu.batchNormApply(x, rv[0], invStd, null, null, ys);
        close("batchNormApply without affine", yr, ys, 1e-5);
        Tensor[] r = {Tensor.zerosLike(x), Tensor.zeros(DType.F32, c), Tensor.zeros(DType.F32, c)};
        Tensor[] s = {Tensor.zerosLike(x), Tensor.zeros(DType.F32, c), Tensor.zeros(DType.F32, c)};
        REF.batchNormBackward(x, gy, rv[0], invStd, gamma, r[0], r[1], r[2]);
        gpu.batchNormBackward(x, gy, rv[0], invStd, gamma, s[0], s[1], s[2]);
        for (int i = 0; i < 3; i++) close("batchNormBackward " + i, r[i], s[i], 1e-4);

        PoolGeometry pg = new PoolGeometry(batch, c, h, w, 3, 3, 2, 2, 1, 1);
        Tensor pr = Tensor.zeros(DType.F32, c, pg.outH(), pg.outW(), batch), ps = Tensor.zerosLike(pr);
        int[] ar = new int[pr.size()], as = new int[pr.size()];
        REF.maxPool2dForward(pg, x, pr, ar);
        gpu.maxPool2dForward(pg, x, ps, as);
        assertArrayEquals(pr.toFloatArray(), ps.toFloatArray());
        assertArrayEquals(ar, as);
        Tensor gp = uniformView(rng, -1, 1, c, pg.outH(), pg.outW(), batch);
        Tensor gr = Tensor.zerosLike(x), gs = Tensor.zerosLike(x);
        REF.maxPool2dBackward(pg, gp, ar, gr);
        gpu.maxPool2dBackward(pg, gp, as, gs);
        close("maxPoolBackward", gr, gs, 1e-6);
        REF.avgPool2dForward(pg, x, pr);
        gpu.avgPool2dForward(pg, x, ps);
        close("avgPool", pr, ps, 1e-6);
        REF.avgPool2dBackward(pg, gp, gr);
        gpu.avgPool2dBackward(pg, gp, gs);
        close("avgPoolBackward", gr, gs, 1e-6);

        Tensor logits = uniformView(rng, -8, 8, 10, batch * 37);
        Tensor lr = Tensor.zerosLike(logits), ls = Tensor.zerosLike(logits);
        REF.logSoftmaxForward(logits, lr);
        gpu.logSoftmaxForward(logits, ls);
        close("logSoftmax", lr, ls, 1e-5);
        Tensor g = uniformView(rng, -1, 1, 10, batch * 37);
        Tensor br = Tensor.zerosLike(logits), bs = Tensor.zerosLike(logits);
        REF.logSoftmaxBackward(lr, g, br);
        gpu.logSoftmaxBackward(lr, g, bs);
        close("logSoftmaxBackward", br, bs, 1e-5);
    }

    // ------------------------------------------------------------------ GPU-specific: residency and determinism

    @Test void hostWritesBetweenCallsAreSeen() {
        SplittableRandom rng = new SplittableRandom(5);
        Tensor a = uniformView(rng, -1, 1, 64, 32), b = uniformView(rng, -1, 1, 32, 16);
        Tensor c = Tensor.zeros(64, 16), expected = Tensor.zeros(64, 16);
        gpu.gemm(false, false, 64, 16, 32, 1, a, b, 0, c);
        a.floats()[a.offset() + 100] = 7f;            // what an optimizer step does to a weight
        b.fill(0.5);                                  // and Tensor.fill to another
        gpu.gemm(false, false, 64, 16, 32, 1, a, b, 0, c);
        REF.gemm(false, false, 64, 16, 32, 1, a, b, 0, expected);
        assertClose("gemm after host writes", expected, c, 32, 1);
    }

    @Test void repeatedCallsAreBitIdentical() {
        SplittableRandom rng = new SplittableRandom(6);
        ConvGeometry g = new ConvGeometry(64, 16, 12, 12, 16, 3, 3, 1, 1, 1, 1, 1);
        Tensor x = uniformView(rng, -1, 1, 16, 12, 12, 64), w = uniformView(rng, -1, 1, 16, 16, 3, 3);
        Tensor gy = uniformView(rng, -1, 1, 16, 12, 12, 64);
        float[][] runs = new float[2][];
        double[] sums = new double[2];
        for (int r = 0; r < 2; r++) {
            Tensor gw = Tensor.zeros(16, 16, 3, 3), gx = Tensor.zerosLike(x);
            gpu.conv2dBackwardWeight(g, x, gy, gw);
            gpu.conv2dBackwardInput(g, gy, w, gx);
            runs[r] = concat(gw.toFloatArray(), gx.toFloatArray());
            sums[r] = gpu.sum(x);
        }
        assertArrayEquals(runs[0], runs[1]);
        assertEquals(sums[0], sums[1], 0.0);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
