package org.sparsetrain.kernels.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.GUARD;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.assertClose;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.assertGuards;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.guarded;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.slice;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.kernels.cpu.sparse.CscIndex;
import org.sparsetrain.kernels.cpu.sparse.CsrMatrix;
import org.sparsetrain.kernels.cpu.sparse.SparseTestMatrices;

/**
 * {@link SparseConvKernels} against its scalar twin, a dense direct convolution of {@code W ⊙ M} written here as plain
 * double loops, and the dense {@link ConvKernels} on the masked weight; strides, paddings (also larger than the
 * kernel), non-square kernels, batches around the vector tiles, non-zero offsets with guard cells.
 */
class SparseConvKernelsTest {
    private static final double TOL = 2e-6;
    /** The weight gradient sums thousands of products (positions x batch); the scalar twin sums them in one chain. */
    private static final double TOL_WEIGHT = 1e-5;

    static Stream<Arguments> cases() {
        List<ConvGeometry> gs = new ArrayList<>();
        gs.add(new ConvGeometry(1, 3, 7, 6, 5, 3, 3, 1, 1, 1, 1, 1));
        gs.add(new ConvGeometry(7, 4, 9, 7, 6, 3, 3, 2, 2, 0, 0, 1));
        gs.add(new ConvGeometry(17, 2, 8, 8, 4, 5, 5, 1, 1, 2, 2, 1));
        gs.add(new ConvGeometry(33, 5, 6, 5, 3, 3, 2, 1, 2, 1, 0, 1));
        gs.add(new ConvGeometry(128, 3, 6, 6, 4, 3, 3, 1, 1, 0, 0, 1));
        gs.add(new ConvGeometry(5, 2, 4, 4, 3, 1, 1, 2, 2, 2, 2, 1));
        // stride 3: the last input rows and columns are read by no output (their gradient is zero)
        gs.add(new ConvGeometry(5, 2, 10, 11, 3, 3, 3, 3, 3, 0, 0, 1));
        gs.add(new ConvGeometry(16, 20, 12, 12, 50, 5, 5, 1, 1, 0, 0, 1)); // LeNet-5 conv2 at a small batch
        // batch 128 with enough channels that the source windows exceed SparseConvTaps.WINDOW_BYTES: the forward
        // pass runs 2 input-channel blocks, the input gradient 2 output-channel blocks
        gs.add(new ConvGeometry(128, 30, 12, 12, 40, 5, 5, 1, 1, 0, 0, 1));
        gs.add(new ConvGeometry(128, 24, 9, 9, 30, 3, 3, 2, 2, 1, 1, 1));
        List<Arguments> cases = new ArrayList<>();
        for (ConvGeometry g : gs) for (double d : new double[] {0.01, 0.1, 0.5, 1.0}) cases.add(Arguments.of(g, d));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} density {1}")
    @MethodSource("cases")
    void kernelsMatchScalarTwinAndDenseReference(ConvGeometry g, double density) {
        Random rnd = new Random(g.hashCode() * 31L + (long) (density * 100));
        int k = g.kH() * g.kW();
        CsrMatrix w = SparseTestMatrices.random(rnd, g.outC(), g.inC() * k, density);
        float[] wd = w.toDense();
        int xOff = 4, yOff = 3, gwOff = 6, vOff = 5;
        float[] shiftedValues = SparseTestMatrices.shifted(w.values(), vOff);
        float[] x = SparseTestMatrices.randomArray(rnd, xOff, (int) g.inputSize(), GUARD);
        float[] gy = SparseTestMatrices.randomArray(rnd, yOff, (int) g.outputSize(), GUARD);
        int xpOff = 2, dOff = 1;
        float[] xp = guarded(xpOff, (int) SparseConvLayout.paddedInputSize(g));
        SparseConvLayout.padInput(g, x, xOff, xp, xpOff, 0, g.inC());
        float[] d = guarded(dOff, (int) SparseConvLayout.dilatedGradientSize(g));
        SparseConvLayout.dilateGradient(g, gy, yOff, d, dOff, 0, g.outC());

        int outSize = (int) g.outputSize(), inSize = (int) g.inputSize();
        float[] yv = guarded(yOff, outSize), ys = guarded(yOff, outSize);
        SparseConvKernels.forward(g, w.rowPtr(), w.colIdx(), shiftedValues, vOff, xp, xpOff, yv, yOff, 0, g.outC());
        ScalarSparseConvKernels.forward(g, w.rowPtr(), w.colIdx(), shiftedValues, vOff, xp, xpOff, ys, yOff, 0,
                g.outC());
        assertArrayEquals(ys, yv, "forward: SIMD and scalar give the same bits");
        assertGuards("forward", yv, yOff, outSize);
        float[] ref = denseForward(g, wd, x, xOff);
        assertClose("forward vs dense reference", ref, slice(yv, yOff, outSize), TOL);
        float[] yDense = new float[outSize];
        ConvKernels.forward(g, x, xOff, wd, 0, yDense, 0, 0, g.outC());
        assertClose("forward vs ConvKernels on W ⊙ M", yDense, slice(yv, yOff, outSize), TOL);

        CscIndex t = w.transposed();
        float[] gxv = guarded(xOff, inSize), gxs = guarded(xOff, inSize);
        SparseConvKernels.backwardInput(g, t.colPtr(), t.rowIdx(), t.valuesT(), d, dOff, gxv, xOff, 0, g.inC());
        ScalarSparseConvKernels.backwardInput(g, t.colPtr(), t.rowIdx(), t.valuesT(), d, dOff, gxs, xOff, 0, g.inC());
        assertArrayEquals(gxs, gxv, "input gradient: SIMD and scalar");
        assertGuards("input gradient", gxv, xOff, inSize);
        assertClose("input gradient vs dense reference", denseInputGradient(g, wd, gy, yOff),
                slice(gxv, xOff, inSize), TOL);

        float[] gwv = guarded(gwOff, w.nnz()), gws = guarded(gwOff, w.nnz());
        SparseConvKernels.backwardWeight(g, w.rowPtr(), w.colIdx(), xp, xpOff, gy, yOff, gwv, gwOff, 0, g.outC());
        ScalarSparseConvKernels.backwardWeight(g, w.rowPtr(), w.colIdx(), xp, xpOff, gy, yOff, gws, gwOff, 0, g.outC());
        assertGuards("weight gradient", gwv, gwOff, w.nnz());
        assertClose("weight gradient vs scalar", slice(gws, gwOff, w.nnz()), slice(gwv, gwOff, w.nnz()), TOL_WEIGHT);
        float[] gwDense = denseWeightGradient(g, x, xOff, gy, yOff);
        float[] sampled = new float[w.nnz()];
        for (int co = 0; co < g.outC(); co++) {
            for (int p = w.rowPtr()[co]; p < w.rowPtr()[co + 1]; p++) {
                sampled[p] = gwDense[co * g.inC() * k + w.colIdx()[p]];
            }
        }
        assertClose("weight gradient vs dense reference at the mask", sampled, slice(gwv, gwOff, w.nnz()), TOL_WEIGHT);
    }

    @Test
    void channelRangesGiveTheWholeCallsBits() {
        ConvGeometry g = new ConvGeometry(20, 6, 7, 7, 9, 3, 3, 1, 1, 1, 1, 1);
        Random rnd = new Random(9);
        CsrMatrix w = SparseTestMatrices.random(rnd, 9, 54, 0.3);
        float[] x = SparseTestMatrices.randomArray(rnd, 0, (int) g.inputSize(), GUARD);
        float[] gy = SparseTestMatrices.randomArray(rnd, 0, (int) g.outputSize(), GUARD);
        float[] xp = new float[(int) SparseConvLayout.paddedInputSize(g)];
        float[] d = new float[(int) SparseConvLayout.dilatedGradientSize(g)];
        // the layout buffers themselves written by channel ranges
        SparseConvLayout.padInput(g, x, 0, xp, 0, 0, 2);
        SparseConvLayout.padInput(g, x, 0, xp, 0, 2, 6);
        SparseConvLayout.dilateGradient(g, gy, 0, d, 0, 0, 5);
        SparseConvLayout.dilateGradient(g, gy, 0, d, 0, 5, 9);
        float[] y1 = new float[(int) g.outputSize()], y2 = y1.clone(), gw1 = new float[w.nnz()], gw2 = gw1.clone();
        float[] gx1 = new float[(int) g.inputSize()], gx2 = gx1.clone();
        CscIndex t = w.transposed();
        SparseConvKernels.forward(g, w.rowPtr(), w.colIdx(), w.values(), 0, xp, 0, y1, 0, 0, 9);
        SparseConvKernels.backwardWeight(g, w.rowPtr(), w.colIdx(), xp, 0, gy, 0, gw1, 0, 0, 9);
        SparseConvKernels.backwardInput(g, t.colPtr(), t.rowIdx(), t.valuesT(), d, 0, gx1, 0, 0, 6);
        for (int[] r : new int[][] {{0, 4}, {4, 5}, {5, 9}}) {
            SparseConvKernels.forward(g, w.rowPtr(), w.colIdx(), w.values(), 0, xp, 0, y2, 0, r[0], r[1]);
            SparseConvKernels.backwardWeight(g, w.rowPtr(), w.colIdx(), xp, 0, gy, 0, gw2, 0, r[0], r[1]);
        }
        SparseConvKernels.backwardInput(g, t.colPtr(), t.rowIdx(), t.valuesT(), d, 0, gx2, 0, 0, 1);
        SparseConvKernels.backwardInput(g, t.colPtr(), t.rowIdx(), t.valuesT(), d, 0, gx2, 0, 1, 6);
        assertArrayEquals(y1, y2);
        assertArrayEquals(gw1, gw2);
        assertArrayEquals(gx1, gx2);
    }

    @Test
    void largeGeometriesAreSplitIntoSeveralChannelBlocks() {
        // guards the test cases above: they must exercise the blocked accumulation
        ConvGeometry g = new ConvGeometry(128, 30, 12, 12, 40, 5, 5, 1, 1, 0, 0, 1);
        CsrMatrix w = SparseTestMatrices.random(new Random(2), 40, 750, 0.5);
        CscIndex t = w.transposed();
        assertTrue(SparseConvTaps.forward(g, w.rowPtr(), w.colIdx(), w.values(), 0, 0, 40).blocks() >= 2);
        assertTrue(SparseConvTaps.backwardInput(g, t.colPtr(), t.rowIdx(), t.valuesT(), 0, 30).blocks() >= 2);
    }

    @Test
    void dataRegionDilationRefusesStridesAboveOne() {
        ConvGeometry g = new ConvGeometry(2, 3, 9, 9, 4, 3, 3, 2, 2, 1, 1, 1);
        float[] gy = new float[(int) g.outputSize()], d = new float[(int) SparseConvLayout.dilatedGradientSize(g)];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparseConvLayout.dilateGradientDataRegion(g, gy, 0, d, 0, 0, g.outC()));
        assertTrue(e.getMessage().contains("stride 2x2"), e.getMessage());
    }

    @Test
    void groupedConvolutionIsRejected() {
        ConvGeometry g = new ConvGeometry(4, 4, 5, 5, 4, 3, 3, 1, 1, 0, 0, 2);
        CsrMatrix w = SparseTestMatrices.random(new Random(1), 4, 18, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparseConvKernels.forward(g,
                w.rowPtr(), w.colIdx(), w.values(), 0, new float[(int) g.inputSize()], 0, new float[(int) g.outputSize()],
                0, 0, 4));
        assertTrue(e.getMessage().contains("groups=2"), e.getMessage());
    }

    /** {@code y[co][oy][ox][n] = sum w[co][ci][ky][kx] x[ci][oy*s - p + ky][ox*s - p + kx][n]}, zero outside. */
    static float[] denseForward(ConvGeometry g, float[] wd, float[] x, int xOff) {
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        float[] y = new float[(int) g.outputSize()];
        for (int co = 0; co < g.outC(); co++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int b = 0; b < n; b++) {
                        double s = 0;
                        for (int ci = 0; ci < g.inC(); ci++) {
                            for (int ky = 0; ky < g.kH(); ky++) {
                                int iy = oy * g.strideH() - g.padH() + ky;
                                if (iy < 0 || iy >= g.inH()) continue;
                                for (int kx = 0; kx < g.kW(); kx++) {
                                    int ix = ox * g.strideW() - g.padW() + kx;
                                    if (ix < 0 || ix >= g.inW()) continue;
                                    s += (double) wd[((co * g.inC() + ci) * g.kH() + ky) * g.kW() + kx]
                                            * x[xOff + ((ci * g.inH() + iy) * g.inW() + ix) * n + b];
                                }
                            }
                        }
                        y[((co * oh + oy) * ow + ox) * n + b] = (float) s;
                    }
                }
            }
        }
        return y;
    }

    /** The adjoint of {@link #denseForward}: scatter each output gradient back through the taps. */
    static float[] denseInputGradient(ConvGeometry g, float[] wd, float[] gy, int gyOff) {
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        double[] gx = new double[(int) g.inputSize()];
        for (int co = 0; co < g.outC(); co++) {
            for (int ci = 0; ci < g.inC(); ci++) {
                for (int ky = 0; ky < g.kH(); ky++) {
                    for (int kx = 0; kx < g.kW(); kx++) {
                        double wv = wd[((co * g.inC() + ci) * g.kH() + ky) * g.kW() + kx];
                        if (wv == 0) continue;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            if (iy < 0 || iy >= g.inH()) continue;
                            for (int ox = 0; ox < ow; ox++) {
                                int ix = ox * g.strideW() - g.padW() + kx;
                                if (ix < 0 || ix >= g.inW()) continue;
                                int xi = ((ci * g.inH() + iy) * g.inW() + ix) * n, yi = gyOff + ((co * oh + oy) * ow + ox) * n;
                                for (int b = 0; b < n; b++) gx[xi + b] += wv * gy[yi + b];
                            }
                        }
                    }
                }
            }
        }
        float[] out = new float[gx.length];
        for (int i = 0; i < gx.length; i++) out[i] = (float) gx[i];
        return out;
    }

    /** {@code gw[co][ci][ky][kx] = sum_{oy, ox, n} gy[co][oy][ox][n] x[ci][iy][ix][n]} over in-range taps, dense. */
    static float[] denseWeightGradient(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff) {
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        float[] gw = new float[(int) g.weightSize()];
        for (int co = 0; co < g.outC(); co++) {
            for (int ci = 0; ci < g.inC(); ci++) {
                for (int ky = 0; ky < g.kH(); ky++) {
                    for (int kx = 0; kx < g.kW(); kx++) {
                        double s = 0;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            if (iy < 0 || iy >= g.inH()) continue;
                            for (int ox = 0; ox < ow; ox++) {
                                int ix = ox * g.strideW() - g.padW() + kx;
                                if (ix < 0 || ix >= g.inW()) continue;
                                int xi = xOff + ((ci * g.inH() + iy) * g.inW() + ix) * n;
                                int yi = gyOff + ((co * oh + oy) * ow + ox) * n;
                                for (int b = 0; b < n; b++) s += (double) gy[yi + b] * x[xi + b];
                            }
                        }
                        gw[((co * g.inC() + ci) * g.kH() + ky) * g.kW() + kx] = (float) s;
                    }
                }
            }
        }
        return gw;
    }
}
