package org.sparsetrain.kernels.cpu.simd;

import java.util.Arrays;

import org.sparsetrain.engine.backend.ConvGeometry;

/**
 * Dense 2-D convolution on batch-innermost activations, vectorised along the batch: input {@code [inC][inH][inW][N]},
 * weight {@code [outC][inC/groups][kH][kW]}, output {@code [outC][outH][outW][N]} (see {@link ConvGeometry}).
 *
 * <p>Direct convolution, no im2col buffer: for one output position every weight tap {@code (ci, ky, kx)} that lands
 * inside the input is a fixed offset to a contiguous run of N input floats, and a register tile ({@link TapTiles})
 * sums {@code w * x[offset + n]} for 4 output channels x 4 vectors of the batch at once. The input gradient is
 * the same tile with the roles swapped (input position outer, taps over the output channels of the group); the
 * weight gradient is a block of 4 x 4 dot products over positions and batch ({@link DotTiles}), summed band of
 * output rows by band into per-thread accumulator slots so that the operands of a tile are re-read from cache by
 * every input-channel tile and tap (one 4-channel tile straight over all positions re-streamed the whole input
 * from memory per tap: 10.3 ms vs 6.8 ms on 32->64 3x3 14x14, batch 128).
 *
 * <p>Every method is single-threaded over a range of channels and writes only that range, so a backend can split
 * a call across threads; each element is computed in the same order whatever the split, so results are
 * bit-identical for any split. Padding, any stride, groups (depthwise included) and any batch size are supported.
 * {@link ScalarConvKernels} is the scalar twin with the same signatures.
 */
public final class ConvKernels {
    /** Output-gradient floats per channel in one band of the weight gradient (4 channels: 32 KB, half of L1). */
    static final int BAND_FLOATS = 2048;
    private static final ThreadLocal<float[]> SLOTS = ThreadLocal.withInitial(() -> new float[0]);

    private ConvKernels() {}

    /**
     * {@code y[co][oy][ox][n] = sum_{ci, ky, kx} w[co][ci][ky][kx] * x[g*Cig + ci][oy*sH - pH + ky][ox*sW - pW + kx][n]}
     * for output channels {@code [coFrom, coTo)} (out-of-range input cells count as zero). Overwrites those
     * channels of {@code y}. The derivatives are {@link #backwardInput} and {@link #backwardWeight}.
     */
    public static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] y, int yOff,
                               int coFrom, int coTo) {
        forward(g, x, xOff, w, wOff, null, 0, y, yOff, coFrom, coTo);
    }

    /**
     * {@link #forward} plus {@code bias[biasOff + co]} on every output of channel co ({@code bias == null}: none),
     * added as each output is stored: the same bits as a separate {@code SimdRows.addRowBias} pass, without the pass.
     */
    public static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff,
                               float[] y, int yOff, int coFrom, int coTo) {
        checkArrays("conv2dForward", g, x, xOff, w, wOff, y, yOff);
        if (bias != null) KernelArgs.slice("conv2dForward", "bias", bias, biasOff, g.outC());
        KernelArgs.range("conv2dForward", "output channel", coFrom, coTo, g.outC());
        int n = g.batch(), oh = g.outH(), ow = g.outW(), h = g.inH(), wd = g.inW(), kh = g.kH(), kw = g.kW();
        int cinG = g.inCPerGroup(), coutG = g.outCPerGroup(), k = kh * kw, filter = cinG * k;
        int inPlane = h * wd * n, outPlane = oh * ow * n;
        int[] srcOffs = new int[filter], wIdx = new int[filter];
        for (int oy = 0; oy < oh; oy++) {
            int iy0 = oy * g.strideH() - g.padH();
            int kyA = Math.max(0, -iy0), kyB = Math.min(kh, h - iy0);
            for (int ox = 0; ox < ow; ox++) {
                int ix0 = ox * g.strideW() - g.padW();
                int kxA = Math.max(0, -ix0), kxB = Math.min(kw, wd - ix0);
                // The taps of this position that land inside the input, in (ci, ky, kx) order.
                int taps = 0;
                for (int ci = 0; ci < cinG; ci++) {
                    for (int ky = kyA; ky < kyB; ky++) {
                        for (int kx = kxA; kx < kxB; kx++) {
                            srcOffs[taps] = ci * inPlane + ((iy0 + ky) * wd + ix0 + kx) * n;
                            wIdx[taps++] = ci * k + ky * kw + kx;
                        }
                    }
                }
                int pos = (oy * ow + ox) * n;
                for (int co = coFrom; co < coTo; ) {
                    int group = co / coutG;
                    int rows = Math.min(coTo, (group + 1) * coutG) - co;
                    int srcBase = xOff + group * cinG * inPlane, dst = yOff + co * outPlane + pos;
                    if (rows >= 4) {
                        TapTiles.rows4(x, srcBase, srcOffs, w, wOff + co * filter, wIdx, taps, filter,
                                bias, biasOff + co, y, dst, outPlane, n);
                        co += 4;
                    } else {
                        TapTiles.rows1(x, srcBase, srcOffs, w, wOff + co * filter, wIdx, taps, bias, biasOff + co,
                                y, dst, n);
                        co++;
                    }
                }
            }
        }
    }

    /**
     * Input gradient: {@code gx[ci][iy][ix][n] = sum_{co in the group, ky, kx} w[co][ci][ky][kx] * gy[co][oy][ox][n]}
     * over the output positions whose window covers {@code (iy, ix)} at tap {@code (ky, kx)}; writes input channels
     * {@code [ciFrom, ciTo)} of {@code gx} (overwrites them).
     */
    public static void backwardInput(ConvGeometry g, float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff,
                                     int ciFrom, int ciTo) {
        checkArrays("conv2dBackwardInput", g, gx, gxOff, w, wOff, gy, gyOff);
        KernelArgs.range("conv2dBackwardInput", "input channel", ciFrom, ciTo, g.inC());
        int n = g.batch(), oh = g.outH(), ow = g.outW(), h = g.inH(), wd = g.inW(), kh = g.kH(), kw = g.kW();
        int sh = g.strideH(), sw = g.strideW();
        int cinG = g.inCPerGroup(), coutG = g.outCPerGroup(), k = kh * kw, filter = cinG * k;
        int inPlane = h * wd * n, outPlane = oh * ow * n;
        int[] srcOffs = new int[coutG * k], wIdx = new int[coutG * k];
        for (int iy = 0; iy < h; iy++) {
            for (int ix = 0; ix < wd; ix++) {
                // Taps (co, ky, kx) of the group whose output position (oy, ox) reads this input cell.
                int taps = 0;
                for (int co = 0; co < coutG; co++) {
                    for (int ky = 0; ky < kh; ky++) {
                        int ty = iy + g.padH() - ky;
                        if (ty < 0 || ty % sh != 0 || ty / sh >= oh) continue;
                        for (int kx = 0; kx < kw; kx++) {
                            int tx = ix + g.padW() - kx;
                            if (tx < 0 || tx % sw != 0 || tx / sw >= ow) continue;
                            srcOffs[taps] = co * outPlane + ((ty / sh) * ow + tx / sw) * n;
                            wIdx[taps++] = co * filter + ky * kw + kx;
                        }
                    }
                }
                int pos = (iy * wd + ix) * n;
                for (int ci = ciFrom; ci < ciTo; ) {
                    int group = ci / cinG, local = ci - group * cinG;
                    int rows = Math.min(ciTo, (group + 1) * cinG) - ci;
                    int srcBase = gyOff + group * coutG * outPlane, wBase = wOff + group * coutG * filter + local * k;
                    int dst = gxOff + ci * inPlane + pos;
                    if (rows >= 4) {
                        TapTiles.rows4(gy, srcBase, srcOffs, w, wBase, wIdx, taps, k, null, 0, gx, dst, inPlane, n);
                        ci += 4;
                    } else {
                        TapTiles.rows1(gy, srcBase, srcOffs, w, wBase, wIdx, taps, null, 0, gx, dst, n);
                        ci++;
                    }
                }
            }
        }
    }

    /**
     * Weight gradient: {@code gw[co][ci][ky][kx] = sum_{oy, ox, n} gy[co][oy][ox][n] * x[g*Cig + ci][iy][ix][n]}
     * over the positions where the tap lands inside the input; writes (overwrites) the filters of output channels
     * {@code [coFrom, coTo)}.
     */
    public static void backwardWeight(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff,
                                      int coFrom, int coTo) {
        backwardWeight(g, x, xOff, gy, gyOff, gw, gwOff, null, 0, coFrom, coTo);
    }

    /**
     * {@link #backwardWeight} and the bias gradient {@code gb[gbOff + co] = sum of gy[co]} ({@code gb == null}: none),
     * summed band by band while the weight gradient has the band's gy rows in L1, with the same bits as
     * {@code SimdRows.sumRows} over gy (a running {@link SimdRows#sum}; a separate sum when the bands are not whole
     * vectors).
     */
    public static void backwardWeight(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff,
                                      float[] gb, int gbOff, int coFrom, int coTo) {
        checkArrays("conv2dBackwardWeight", g, x, xOff, gw, gwOff, gy, gyOff);
        if (gb != null) KernelArgs.slice("conv2dBackwardWeight", "bias gradient", gb, gbOff, g.outC());
        KernelArgs.range("conv2dBackwardWeight", "output channel", coFrom, coTo, g.outC());
        int n = g.batch(), oh = g.outH(), ow = g.outW(), h = g.inH(), wd = g.inW(), kh = g.kH(), kw = g.kW();
        int sh = g.strideH(), sw = g.strideW();
        int cinG = g.inCPerGroup(), coutG = g.outCPerGroup(), k = kh * kw, filter = cinG * k;
        int inPlane = h * wd * n, outPlane = oh * ow * n;
        // Output rows are cut into bands small enough that one channel tile's gy rows of a band stay in L1 while
        // every input-channel tile and tap reads them; band by band, each tile's partial sums wait in a slot.
        int bandRows = Math.max(1, BAND_FLOATS / Math.max(1, ow * n)), bands = Math.max(1, Math.ceilDiv(oh, bandRows));
        DotTiles.Span[] spans = new DotTiles.Span[bands * k];
        int[] gyPos = new int[bands * k], xPos = new int[bands * k], runs = new int[bands * k];
        for (int b = 0; b < bands; b++) {
            for (int ky = 0; ky < kh; ky++) {
                // Output rows of this band whose tap ky lands inside the input: 0 <= oy*sh - padH + ky < h.
                int oyA = Math.max(b * bandRows, Math.ceilDiv(g.padH() - ky, sh));
                int oyB = Math.min(Math.min(oh, (b + 1) * bandRows), Math.floorDiv(h - 1 + g.padH() - ky, sh) + 1);
                for (int kx = 0; kx < kw; kx++) {
                    int oxA = Math.max(0, Math.ceilDiv(g.padW() - kx, sw));
                    int oxB = Math.min(ow, Math.floorDiv(wd - 1 + g.padW() - kx, sw) + 1);
                    int at = b * k + ky * kw + kx;
                    boolean empty = oyB <= oyA || oxB <= oxA;
                    int cols = empty ? 0 : oxB - oxA;
                    // Stride 1 along x with whole vectors per position: a row's positions are one contiguous run
                    // in both gy and x, read as one long loop with the same lane order as position by position.
                    runs[at] = sw == 1 && n % DotTiles.L == 0 ? cols * n : n;
                    spans[at] = new DotTiles.Span(empty ? 0 : oyB - oyA, runs[at] == n ? cols : Math.min(cols, 1),
                            ow * n, n, sh * wd * n, sw * n);
                    gyPos[at] = empty ? 0 : (oyA * ow + oxA) * n;
                    xPos[at] = empty ? 0 : ((oyA * sh - g.padH() + ky) * wd + oxA * sw - g.padW() + kx) * n;
                }
            }
        }
        int ciTiles = cinG / 4 + cinG % 4;
        float[] acc = slots(ciTiles * k * DotTiles.SLOT);
        // taps in 4 x 4 blocks only for a 1-channel tile against 4 output channels; other tiles take them one by one
        int[] tapGroup = tapGroups(spans, runs, gyPos, bands, k), singleTaps = new int[k];
        Arrays.fill(singleTaps, 1);
        int piece = bandRows * ow * n, rs = SimdRows.RUNNING_SUM, lanes = SimdRows.lanes();
        boolean running = gb != null && rs > 0 && piece % lanes == 0;
        int lastFrom = (bands - 1) * piece, lastLen = outPlane - lastFrom, lastWhole = lastLen / lanes * lanes;
        double[] sums = running ? new double[4 * rs] : null;
        for (int co = coFrom; co < coTo; ) {
            int group = co / coutG;
            int coRows = Math.min(4, Math.min(coTo, (group + 1) * coutG) - co) >= 4 ? 4 : 1;
            int xGroup = xOff + group * cinG * inPlane, gyCo = gyOff + co * outPlane;
            if (running) Arrays.fill(sums, 0.0);
            for (int b = 0; b < bands; b++) {
                for (int ci = 0, tile = 0; ci < cinG; tile++) {
                    int ciCols = ci + 4 <= cinG ? 4 : 1;
                    int[] groups = ciCols == 1 && coRows == 4 ? tapGroup : singleTaps;
                    for (int tap = 0; tap < k; tap++) {
                        int at = b * k + tap, slot = (tile * k + tap) * DotTiles.SLOT;
                        if (groups[tap] == 4) {
                            DotTiles.dot4x4(gy, gyCo + gyPos[at], outPlane, x, xGroup + ci * inPlane + xPos[at],
                                    xPos[at + 1] - xPos[at], xPos[at + 2] - xPos[at], xPos[at + 3] - xPos[at],
                                    spans[at], runs[at], acc, slot, b == 0);
                        } else if (groups[tap] == 1) {
                            weightTile(spans[at], gy, gyCo + gyPos[at], outPlane, x, xGroup + ci * inPlane + xPos[at],
                                    inPlane, coRows, ciCols, runs[at], acc, slot, b == 0);
                        }
                    }
                    ci += ciCols;
                }
                if (running) {
                    int len = b == bands - 1 ? lastWhole : piece;
                    for (int r = 0; r < coRows; r++) {
                        SimdRows.addToRunningSum(gy, gyCo + r * outPlane + b * piece, len, sums, r * rs);
                    }
                }
            }
            if (running) {
                for (int r = 0; r < coRows; r++) {
                    gb[gbOff + co + r] = (float) SimdRows.finishRunningSum(sums, r * rs, gy,
                            gyCo + r * outPlane + lastFrom + lastWhole, lastLen - lastWhole);
                }
            } else if (gb != null) {
                for (int r = 0; r < coRows; r++) gb[gbOff + co + r] = (float) SimdRows.sum(gy, gyCo + r * outPlane, outPlane);
            }
            for (int ci = 0, tile = 0; ci < cinG; tile++) {
                int ciCols = ci + 4 <= cinG ? 4 : 1;
                int[] groups = ciCols == 1 && coRows == 4 ? tapGroup : singleTaps;
                for (int tap = 0; tap < k; tap++) {
                    int slot = (tile * k + tap) * DotTiles.SLOT, gwAt = gwOff + co * filter + ci * k + tap;
                    if (groups[tap] == 0) continue; // inside a block, written with its first tap
                    if (groups[tap] == 4) {
                        // a block of 4 output channels x 4 taps, in the slot of its first tap
                        for (int r = 0; r < 4; r++) {
                            for (int c = 0; c < 4; c++) {
                                gw[gwAt + r * filter + c] = DotTiles.result(acc, slot, r * 4 + c);
                            }
                        }
                        continue;
                    }
                    for (int r = 0; r < coRows; r++) {
                        for (int c = 0; c < ciCols; c++) {
                            gw[gwAt + r * filter + c * k] = DotTiles.result(acc, slot, ciCols == 4 ? r * 4 + c : r);
                        }
                    }
                }
                ci += ciCols;
            }
            co += coRows;
        }
    }

    /**
     * Groups of four consecutive taps (in {@code ky * kW + kx} order) whose positions coincide in every band: 4 at the
     * first tap of a group, 0 at the other three, 1 at a tap on its own. A tile of fewer than four input channels
     * (a first layer: 1 or 3 channels) runs such a group as one 4 x 4 block of output channels x taps, reading
     * 4 gy and 4 x vectors per 16 FMAs instead of 1 x and 4 gy vectors per 4 FMAs (dot1x4, load-bound: LeNet-5's
     * first layer spent 17 % of a sparse step there). Each product keeps its own accumulator and the same
     * positions in the same order, so the bits do not change. Unpadded convolutions group every tap; with padding the
     * edge taps have their own positions and stay single.
     */
    private static int[] tapGroups(DotTiles.Span[] spans, int[] runs, int[] gyPos, int bands, int k) {
        int[] group = new int[k];
        for (int t = 0; t < k; ) {
            boolean four = t + 4 <= k;
            for (int b = 0; four && b < bands; b++) {
                int at = b * k + t;
                for (int c = 1; c < 4; c++) {
                    four &= spans[at + c].equals(spans[at]) && runs[at + c] == runs[at] && gyPos[at + c] == gyPos[at];
                }
            }
            if (four) {
                group[t] = 4;
                t += 4;
            } else {
                group[t++] = 1;
            }
        }
        return group;
    }

    /** Per-thread accumulator slots of the weight gradient, reused across calls (tens to hundreds of KB). */
    private static float[] slots(int size) {
        float[] a = SLOTS.get();
        if (a.length < size) {
            a = new float[size];
            SLOTS.set(a);
        }
        return a;
    }

    /** Adds one band of a {@code coRows x ciCols} block (each 1 or 4) of the weight gradient at one tap to its slot. */
    private static void weightTile(DotTiles.Span span, float[] gy, int gyBase, int outPlane, float[] x, int xBase,
                                   int inPlane, int coRows, int ciCols, int n, float[] acc, int slot, boolean first) {
        if (ciCols == 4) {
            if (coRows == 4) {
                DotTiles.dot4x4(gy, gyBase, outPlane, x, xBase, inPlane, 2 * inPlane, 3 * inPlane, span, n, acc, slot,
                        first);
            }
            else DotTiles.dot1x4(gy, gyBase, x, xBase, inPlane, span, true, n, acc, slot, first);
        } else if (coRows == 4) {
            DotTiles.dot1x4(x, xBase, gy, gyBase, outPlane, span, false, n, acc, slot, first);
        } else {
            DotTiles.dot1x1(gy, gyBase, x, xBase, span, n, acc, slot, first);
        }
    }

    /** Checks that the input-side, weight and output-side slices fit their arrays. */
    static void checkArrays(String op, ConvGeometry g, float[] in, int inOff, float[] w, int wOff,
                            float[] out, int outOff) {
        KernelArgs.slice(op, "input-side array", in, inOff, g.inputSize());
        KernelArgs.slice(op, "weight array", w, wOff, g.weightSize());
        KernelArgs.slice(op, "output-side array", out, outOff, g.outputSize());
    }
}
