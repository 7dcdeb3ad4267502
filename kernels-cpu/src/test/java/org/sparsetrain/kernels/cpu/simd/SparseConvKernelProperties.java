package org.sparsetrain.kernels.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.assertClose;

import java.util.Random;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.kernels.cpu.sparse.CscIndex;
import org.sparsetrain.kernels.cpu.sparse.CsrMatrix;
import org.sparsetrain.kernels.cpu.sparse.SparseTestMatrices;

/**
 * {@link SparseConvKernels} over random geometries (strides up to 3, padding up to 2, kernels up to 4x4, batches
 * around the vector length): SIMD equals the scalar twin (forward and input gradient bit for bit) and the dense
 * double-precision references of {@link SparseConvKernelsTest}.
 */
class SparseConvKernelProperties {

    @Property(tries = 150)
    void simdEqualsScalarEqualsDense(@ForAll @IntRange(min = 1, max = 40) int n,
                                     @ForAll @IntRange(min = 1, max = 4) int inC,
                                     @ForAll @IntRange(min = 1, max = 5) int outC,
                                     @ForAll @IntRange(min = 1, max = 9) int h, @ForAll @IntRange(min = 1, max = 9) int w,
                                     @ForAll @IntRange(min = 1, max = 4) int kh, @ForAll @IntRange(min = 1, max = 4) int kw,
                                     @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
                                     @ForAll @IntRange(min = 0, max = 2) int ph, @ForAll @IntRange(min = 0, max = 2) int pw,
                                     @ForAll @DoubleRange(min = 0, max = 1) double density, @ForAll long seed) {
        Assume.that(h + 2 * ph >= kh && w + 2 * pw >= kw);
        ConvGeometry g = new ConvGeometry(n, inC, h, w, outC, kh, kw, sh, sw, ph, pw, 1);
        Random rnd = new Random(seed);
        CsrMatrix wt = SparseTestMatrices.random(rnd, outC, inC * kh * kw, density);
        float[] wd = wt.toDense();
        float[] x = SparseTestMatrices.randomArray(rnd, 0, (int) g.inputSize(), 0f);
        float[] gy = SparseTestMatrices.randomArray(rnd, 0, (int) g.outputSize(), 0f);
        float[] xp = new float[(int) SparseConvLayout.paddedInputSize(g)];
        SparseConvLayout.padInput(g, x, 0, xp, 0, 0, inC);
        float[] d = new float[(int) SparseConvLayout.dilatedGradientSize(g)];
        SparseConvLayout.dilateGradient(g, gy, 0, d, 0, 0, outC);

        float[] yv = new float[(int) g.outputSize()], ys = yv.clone();
        SparseConvKernels.forward(g, wt.rowPtr(), wt.colIdx(), wt.values(), 0, xp, 0, yv, 0, 0, outC);
        ScalarSparseConvKernels.forward(g, wt.rowPtr(), wt.colIdx(), wt.values(), 0, xp, 0, ys, 0, 0, outC);
        assertArrayEquals(ys, yv);
        assertClose("forward", SparseConvKernelsTest.denseForward(g, wd, x, 0), yv, 2e-6);

        CscIndex t = wt.transposed();
        float[] gxv = new float[(int) g.inputSize()], gxs = gxv.clone();
        SparseConvKernels.backwardInput(g, t.colPtr(), t.rowIdx(), t.valuesT(), d, 0, gxv, 0, 0, inC);
        ScalarSparseConvKernels.backwardInput(g, t.colPtr(), t.rowIdx(), t.valuesT(), d, 0, gxs, 0, 0, inC);
        assertArrayEquals(gxs, gxv);
        assertClose("input gradient", SparseConvKernelsTest.denseInputGradient(g, wd, gy, 0), gxv, 2e-6);

        float[] gwv = new float[wt.nnz()], gws = gwv.clone();
        SparseConvKernels.backwardWeight(g, wt.rowPtr(), wt.colIdx(), xp, 0, gy, 0, gwv, 0, 0, outC);
        ScalarSparseConvKernels.backwardWeight(g, wt.rowPtr(), wt.colIdx(), xp, 0, gy, 0, gws, 0, 0, outC);
        float[] dense = SparseConvKernelsTest.denseWeightGradient(g, x, 0, gy, 0);
        float[] sampled = new float[wt.nnz()];
        for (int co = 0; co < outC; co++) {
            for (int p = wt.rowPtr()[co]; p < wt.rowPtr()[co + 1]; p++) sampled[p] = dense[co * inC * kh * kw + wt.colIdx()[p]];
        }
        assertClose("weight gradient (scalar)", sampled, gws, 1e-5);
        assertClose("weight gradient (SIMD)", sampled, gwv, 1e-5);
    }
}
