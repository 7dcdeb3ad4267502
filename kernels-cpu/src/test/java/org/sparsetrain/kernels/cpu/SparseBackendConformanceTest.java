package org.sparsetrain.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.sparsetrain.kernels.cpu.ImageOpsConformanceTest.close;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The SIMD backend's sparse primitives (1 and 2 threads, nonzero-balanced split) against the reference backend, at
 * non-zero offsets, awkward sizes (1, lanes ± 1, odd) and densities from 1 % to 100 %; 1 and 2 threads must be
 * bit-identical.
 */
class SparseBackendConformanceTest {
    @RegisterExtension static final OneAndTwoThreadBackends SIMD = new OneAndTwoThreadBackends();
    private static final Backend REF = Backends.reference();

    static SparsityPattern pattern(SplittableRandom rng, int rows, int cols, double density) {
        boolean[] m = new boolean[rows * cols];
        boolean any = false;
        for (int i = 0; i < m.length; i++) any |= m[i] = rng.nextDouble() < density;
        if (!any) m[rng.nextInt(m.length)] = true;
        return SparsityPattern.fromMask(m, rows, cols);
    }

    static Stream<Arguments> linears() {
        return Stream.of(
                Arguments.of(1, 1, 1, 1.0), Arguments.of(7, 5, 15, 0.5), Arguments.of(17, 33, 17, 0.3),
                Arguments.of(300, 784, 128, 0.1), Arguments.of(64, 100, 7, 0.01), Arguments.of(40, 60, 129, 1.0),
                Arguments.of(100, 300, 128, 0.02));
    }

    @ParameterizedTest @MethodSource("linears")
    void linearProductsMatchReferenceAndThreadCounts(int rows, int cols, int n, double density) {
        SplittableRandom rng = new SplittableRandom(rows * 31L + cols);
        SparsityPattern p = pattern(rng, rows, cols, density);
        Tensor values = TestArrays.uniformView(rng, -1, 1, p.nnz());
        Tensor x = TestArrays.uniformView(rng, -1, 1, cols, n);
        Tensor gy = TestArrays.uniformView(rng, -1, 1, rows, n);
        Backend[] bs = {REF, SIMD.one(), SIMD.two()};
        Tensor bias = TestArrays.uniformView(rng, -1, 1, rows);
        Tensor[] y = new Tensor[3], yb = new Tensor[3], gx = new Tensor[3], gv = new Tensor[3];
        for (int b = 0; b < 3; b++) {
            y[b] = Tensor.zeros(DType.F32, rows, n);
            yb[b] = Tensor.zeros(DType.F32, rows, n);
            gx[b] = Tensor.zeros(DType.F32, cols, n);
            gv[b] = Tensor.zeros(DType.F32, p.nnz());
            bs[b].sparseMatmul(p, values, x, y[b]);
            bs[b].sparseLinearForward(p, values, x, bias, yb[b]);
            bs[b].sparseMatmulTransposed(p, values, gy, gx[b]);
            bs[b].sampledMatmul(p, gy, x, gv[b]);
        }
        close("spmm", y[0], y[1], 1e-5 * Math.sqrt(cols));
        close("spmm with bias (the bias as the sum's start)", yb[0], yb[1], 1e-5 * Math.sqrt(cols));
        close("transposed spmm", gx[0], gx[1], 1e-5 * Math.sqrt(rows));
        close("sddmm", gv[0], gv[1], 1e-5 * Math.sqrt(n));
        for (Tensor[] t : new Tensor[][] {y, yb, gx, gv}) assertArrayEquals(t[1].toFloatArray(), t[2].toFloatArray());
        // without a bias the fused forward is the plain product, bit for bit
        Tensor plain = Tensor.zeros(DType.F32, rows, n);
        SIMD.one().sparseLinearForward(p, values, x, null, plain);
        assertArrayEquals(y[1].toFloatArray(), plain.toFloatArray());
    }

    /**
     * The one-call backward (whose three products the SIMD backend may run at once on two threads) gives the bits of
     * the three separate calls, on every backend, with any of its outputs left out.
     */
    @ParameterizedTest @MethodSource("linears")
    void linearBackwardInOneCallEqualsTheSeparateProducts(int rows, int cols, int n, double density) {
        SplittableRandom rng = new SplittableRandom(rows * 17L + cols + n);
        SparsityPattern p = pattern(rng, rows, cols, density);
        Tensor values = TestArrays.uniformView(rng, -1, 1, p.nnz());
        Tensor x = TestArrays.uniformView(rng, -1, 1, cols, n);
        Tensor gy = TestArrays.uniformView(rng, -1, 1, rows, n);
        for (Backend be : new Backend[] {REF, SIMD.one(), SIMD.two()}) {
            Tensor gx = Tensor.zeros(DType.F32, cols, n), gv = Tensor.zeros(DType.F32, p.nnz());
            Tensor gb = Tensor.zeros(DType.F32, rows);
            be.sparseMatmulTransposed(p, values, gy, gx);
            be.sampledMatmul(p, gy, x, gv);
            be.sumRows(gy, gb);
            for (int leftOut = -1; leftOut < 3; leftOut++) {
                Tensor ax = TestArrays.filledView(Float.NaN, cols, n), av = TestArrays.filledView(Float.NaN, p.nnz());
                Tensor ab = TestArrays.filledView(Float.NaN, rows);
                be.sparseLinearBackward(p, values, gy, x, leftOut == 0 ? null : ax, leftOut == 1 ? null : av,
                        leftOut == 2 ? null : ab);
                String what = be + ", output " + leftOut + " left out";
                if (leftOut != 0) assertArrayEquals(gx.toFloatArray(), ax.toFloatArray(), "input gradient, " + what);
                if (leftOut != 1) assertArrayEquals(gv.toFloatArray(), av.toFloatArray(), "values' gradient, " + what);
                if (leftOut != 2) assertArrayEquals(gb.toFloatArray(), ab.toFloatArray(), "bias gradient, " + what);
            }
        }
    }

    static Stream<Arguments> convs() {
        return Stream.of(
                Arguments.of(new ConvGeometry(17, 6, 9, 7, 8, 3, 3, 1, 1, 1, 1, 1), 0.3),
                Arguments.of(new ConvGeometry(33, 8, 10, 10, 12, 3, 3, 2, 2, 1, 1, 1), 0.1),
                Arguments.of(new ConvGeometry(128, 6, 12, 12, 16, 5, 5, 1, 1, 0, 0, 1), 0.1),   // LeNet-5 conv2
                Arguments.of(new ConvGeometry(16, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1), 0.05),
                Arguments.of(new ConvGeometry(1, 3, 5, 5, 2, 1, 1, 1, 1, 0, 0, 1), 1.0),
                Arguments.of(new ConvGeometry(7, 4, 6, 6, 5, 3, 3, 1, 1, 1, 1, 1), 0.01));
    }

    @ParameterizedTest @MethodSource("convs")
    void convolutionsMatchReferenceAndThreadCounts(ConvGeometry g, double density) {
        SplittableRandom rng = new SplittableRandom(g.outC() * 7L + g.batch());
        SparsityPattern p = pattern(rng, g.outC(), g.inC() * g.kH() * g.kW(), density);
        Tensor values = TestArrays.uniformView(rng, -1, 1, p.nnz());
        Tensor x = TestArrays.uniformView(rng, -1, 1, g.inC(), g.inH(), g.inW(), g.batch());
        Tensor gy = TestArrays.uniformView(rng, -1, 1, g.outC(), g.outH(), g.outW(), g.batch());
        Backend[] bs = {REF, SIMD.one(), SIMD.two()};
        Tensor[] y = new Tensor[3], gx = new Tensor[3], gv = new Tensor[3];
        // the padded input and the dilated gradient come from scratch arrays: NaN-filled here, so a kernel that read
        // a cell its copy did not write (the frame is left unwritten at stride 1) would give NaN
        ScratchArray.poison = true;
        try {
            for (int b = 0; b < 3; b++) {
                y[b] = Tensor.zeros(DType.F32, g.outC(), g.outH(), g.outW(), g.batch());
                gx[b] = Tensor.zeros(DType.F32, g.inC(), g.inH(), g.inW(), g.batch());
                gv[b] = Tensor.zeros(DType.F32, p.nnz());
                bs[b].sparseConv2dForward(g, p, values, x, y[b]);
                bs[b].sparseConv2dBackwardInput(g, p, values, gy, gx[b]);
                bs[b].sparseConv2dBackwardWeight(g, p, x, gy, gv[b]);
            }
        } finally {
            ScratchArray.poison = false;
        }
        int taps = g.inC() * g.kH() * g.kW();
        close("sparse conv forward", y[0], y[1], 1e-5 * Math.sqrt(taps));
        close("sparse conv input gradient", gx[0], gx[1], 1e-5 * Math.sqrt((double) g.outC() * g.kH() * g.kW()));
        close("sparse conv weight gradient", gv[0], gv[1], 1e-5 * Math.sqrt((double) g.batch() * g.outH() * g.outW()));
        for (Tensor[] t : new Tensor[][] {y, gx, gv}) assertArrayEquals(t[1].toFloatArray(), t[2].toFloatArray());
    }
}
