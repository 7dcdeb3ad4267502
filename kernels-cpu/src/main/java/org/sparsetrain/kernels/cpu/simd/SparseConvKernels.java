package org.sparsetrain.kernels.cpu.simd;

import org.sparsetrain.engine.backend.ConvGeometry;

/**
 * Direct sparse 2-D convolution on batch-innermost activations (performance-notes section 3.5), vectorised along the
 * batch. The weight {@code [outC][inC][kH][kW]} is the CSR matrix {@code [outC][inC*kH*kW]} (column
 * {@code (ci*kH + ky)*kW + kx}); each active weight {@code (co, ci, ky, kx)} becomes a fixed offset into the padded
 * input ({@link SparseConvLayout}), so one output position of channel co is exactly the SpMM register tile
 * ({@link SparseRowTiles}) with no im2col buffer and no border test:
 * {@code y[co][oy][ox][:] = sum_p values[p] * xp[ci][oy*sH + ky][ox*sW + kx][:]}.
 *
 * <ul>
 *   <li>{@link #forward}: over output channels {@code [coFrom, coTo)}; derivatives {@link #backwardInput},
 *       {@link #backwardWeight}.</li>
 *   <li>{@link #backwardInput}: {@code gx[ci][iy][ix] = sum w[co][ci][ky][kx] * d[co][iy+kH-1-ky][ix+kW-1-kx]} on the
 *       dilated gradient, from the transposed index (CSC) whose columns of one input channel are contiguous; over
 *       input channels {@code [ciFrom, ciTo)}.</li>
 *   <li>{@link #backwardWeight}: the SDDMM of the convolution, {@code gw[p] = sum_{oy,ox,n} gy[co][oy][ox][n] *
 *       xp[ci][oy*sH+ky][ox*sW+kx][n]} at the active positions, aligned with {@code values}; over output channels.</li>
 * </ul>
 * Every element is computed in the same order whatever the channel range, so splits are bit-identical. Groups = 1.
 * {@link ScalarSparseConvKernels} is the scalar twin.
 */
public final class SparseConvKernels {
    private SparseConvKernels() {}

    /**
     * Overwrites output channels {@code [coFrom, coTo)} of {@code y [outC][outH][outW][n]} from the padded input
     * {@code xp} ({@link SparseConvLayout#padInput}; with no padding, the input itself).
     */
    public static void forward(ConvGeometry g, int[] rowPtr, int[] colIdx, float[] values, int valuesOff, float[] xp,
                               int xpOff, float[] y, int yOff, int coFrom, int coTo) {
        forward(g, rowPtr, colIdx, values, valuesOff, xp, xpOff, null, 0, y, yOff, coFrom, coTo);
    }

    /**
     * {@link #forward} plus {@code bias[biasOff + co]} ({@code bias == null}: none) as the start of every output's sum
     * (no pass of its own; the products then add in tap order, as {@link ScalarSparseConvKernels#forward}).
     */
    public static void forward(ConvGeometry g, int[] rowPtr, int[] colIdx, float[] values, int valuesOff, float[] xp,
                               int xpOff, float[] bias, int biasOff, float[] y, int yOff, int coFrom, int coTo) {
        checkForward("sparseConv2dForward", g, rowPtr, xp, xpOff, y, yOff, coFrom, coTo);
        if (bias != null) KernelArgs.slice("sparseConv2dForward", "bias", bias, biasOff, g.outC());
        KernelArgs.slice("sparseConv2dForward", "values", values, valuesOff, rowPtr[g.outC()]);
        int n = g.batch(), ow = g.outW(), oh = g.outH(), wp = SparseConvLayout.paddedW(g);
        int outPlane = oh * ow * n;
        SparseConvTaps taps = SparseConvTaps.forward(g, rowPtr, colIdx, values, valuesOff, coFrom, coTo);
        // positions outer, channels inner: one position's input window serves every output channel from L2 (channels
        // outer streamed the whole input once per channel); input channels in blocks whose windows fit L2
        for (int b = 0; b < taps.blocks(); b++) {
            float beta = b == 0 ? 0f : 1f;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int base = xpOff + (oy * g.strideH() * wp + ox * g.strideW()) * n, pos = yOff + (oy * ow + ox) * n;
                    for (int co = coFrom; co < coTo; co++) {
                        int t0 = taps.start(co - coFrom, b), t1 = taps.end(co - coFrom, b);
                        if (b == 0 || t1 > t0) {
                            float init = b == 0 && bias != null ? bias[biasOff + co] : 0f;
                            SparseRowTiles.gatherRow(taps.vals(), 0, taps.offs(), t0, t1, 1, xp, base, y,
                                    pos + co * outPlane, n, beta, init);
                        }
                    }
                }
            }
        }
    }

    /**
     * Overwrites input channels {@code [ciFrom, ciTo)} of {@code gx [inC][inH][inW][n]} from the dilated gradient
     * {@code d} ({@link SparseConvLayout#dilateGradient}) and the transposed index of the weight
     * ({@code colPtr, rowIdx, valuesT}, refreshed).
     */
    public static void backwardInput(ConvGeometry g, int[] colPtr, int[] rowIdx, float[] valuesT, float[] d, int dOff,
                                     float[] gx, int gxOff, int ciFrom, int ciTo) {
        String op = "sparseConv2dBackwardInput";
        SparseConvLayout.checkGroups(op, g);
        int k = g.kH() * g.kW();
        checkPointer(op, colPtr, g.inC() * k);
        KernelArgs.range(op, "input channel", ciFrom, ciTo, g.inC());
        KernelArgs.slice(op, "dilated gradient", d, dOff, SparseConvLayout.dilatedGradientSize(g));
        KernelArgs.slice(op, "input gradient", gx, gxOff, g.inputSize());
        int n = g.batch(), h = g.inH(), w = g.inW(), dw = SparseConvLayout.dilatedW(g);
        int cell = SparseConvLayout.dilatedCell(g);
        SparseConvTaps taps = SparseConvTaps.backwardInput(g, colPtr, rowIdx, valuesT, ciFrom, ciTo);
        int kw = g.kW(), spanY = g.padH() - (g.outH() - 1) * g.strideH(), spanX = g.padW() - (g.outW() - 1) * g.strideW();
        // positions outer, channels inner (as in forward), output channels in blocks whose gradient windows fit L2
        // (LeNet conv2: 50 channels x 5 rows x 8 columns x 128 floats = 1 MB). Only taps whose dilated cell lies
        // inside the gradient's data region are summed: kH runs of contiguous kx per position; the zero frame would
        // otherwise cost 2.25x the FMAs there. Cells read by no output (stride > kernel) get empty tap ranges.
        for (int b = 0; b < taps.blocks(); b++) {
            for (int iy = 0; iy < h; iy++) {
                int kyA = Math.max(0, iy + spanY), kyB = Math.min(g.kH(), iy + g.padH() + 1);
                for (int ix = 0; ix < w; ix++) {
                    int kxA = Math.max(0, ix + spanX), kxB = Math.min(kw, ix + g.padW() + 1);
                    // no kx lands inside: no runs (and kxA may lie past the filter's end)
                    int kyEnd = kxA < kxB ? kyB : kyA;
                    int base = dOff + (iy * dw + ix) * cell, pos = gxOff + (iy * w + ix) * n;
                    for (int ci = ciFrom; ci < ciTo; ci++) {
                        float beta = b == 0 ? 0f : 1f;
                        // with every kx inside, the rows' runs are adjacent: one run (the same sums in the same order)
                        int step = kxA == 0 && kxB == kw ? kyEnd - kyA : 1;
                        for (int ky = kyA; ky < kyEnd; ky += step) {
                            int t0 = taps.at(ci - ciFrom, b, ky * kw + kxA);
                            int t1 = taps.at(ci - ciFrom, b, (ky + step - 1) * kw + kxB);
                            if (t1 > t0) {
                                SparseRowTiles.gatherRow(taps.vals(), 0, taps.offs(), t0, t1, 1, d, base, gx,
                                        pos + ci * h * w * n, n, beta, 0f);
                                beta = 1f;
                            }
                        }
                        // nothing landed here in the first block: the position's gradient is zero
                        if (beta == 0f) SparseRowTiles.gatherRow(taps.vals(), 0, taps.offs(), 0, 0, 1, d, base, gx,
                                pos + ci * h * w * n, n, 0f, 0f);
                    }
                }
            }
        }
    }

    /**
     * Overwrites {@code gw[gwOff + p]} for the nonzeros p of output channels {@code [coFrom, coTo)}: the gradient of
     * {@link #forward} with respect to {@code values}, from the padded input and {@code gy [outC][outH][outW][n]}.
     */
    public static void backwardWeight(ConvGeometry g, int[] rowPtr, int[] colIdx, float[] xp, int xpOff,
                                      float[] gy, int gyOff, float[] gw, int gwOff, int coFrom, int coTo) {
        backwardWeight(g, rowPtr, colIdx, xp, xpOff, gy, gyOff, gw, gwOff, null, 0, coFrom, coTo);
    }

    /**
     * {@link #backwardWeight} and the bias gradient {@code gb[gbOff + co] = sum of gy[co]} ({@code gb == null}: none),
     * summed right after the channel's dot products have read its gy plane (in cache), the same bits as
     * {@code SimdRows.sumRows}.
     */
    public static void backwardWeight(ConvGeometry g, int[] rowPtr, int[] colIdx, float[] xp, int xpOff,
                                      float[] gy, int gyOff, float[] gw, int gwOff, float[] gb, int gbOff,
                                      int coFrom, int coTo) {
        String op = "sparseConv2dBackwardWeight";
        checkForward(op, g, rowPtr, xp, xpOff, gy, gyOff, coFrom, coTo);
        KernelArgs.slice(op, "weight gradient", gw, gwOff, rowPtr[g.outC()]);
        if (gb != null) KernelArgs.slice(op, "bias gradient", gb, gbOff, g.outC());
        int n = g.batch(), ow = g.outW(), oh = g.outH(), wp = SparseConvLayout.paddedW(g);
        int outPlane = oh * ow * n, xRow = g.strideH() * wp * n, xCol = g.strideW() * n;
        int cv = n / SparseConvTiles.L * SparseConvTiles.L;
        int[] offs = tapOffsets(g, rowPtr, colIdx, coFrom, coTo, SparseConvLayout.paddedH(g), wp);
        float[] four = new float[4];
        for (int co = coFrom; co < coTo; co++) {
            int p = rowPtr[co], p1 = rowPtr[co + 1], gyBase = gyOff + co * outPlane, xb = xpOff;
            if (cv > 0) {
                for (; p + 4 <= p1; p += 4) {
                    SparseConvTiles.dot4(gy, gyBase, xp, xb + offs[p], xb + offs[p + 1], xb + offs[p + 2],
                            xb + offs[p + 3], oh, ow, n, xRow, xCol, cv, four);
                    gw[gwOff + p] = four[0];
                    gw[gwOff + p + 1] = four[1];
                    gw[gwOff + p + 2] = four[2];
                    gw[gwOff + p + 3] = four[3];
                }
                for (; p < p1; p++) {
                    gw[gwOff + p] = SparseConvTiles.dot1(gy, gyBase, xp, xb + offs[p], oh, ow, n, xRow, xCol, cv);
                }
            } else {
                for (int q = p; q < p1; q++) gw[gwOff + q] = 0f;
            }
            if (cv < n) {
                ScalarSparseConvKernels.addDotTail(gy, gyBase, xp, xb, offs, rowPtr[co], p1, oh, ow, n, xRow, xCol,
                        cv, gw, gwOff);
            }
            if (gb != null) gb[gbOff + co] = (float) SimdRows.sum(gy, gyBase, outPlane);
        }
    }

    /**
     * Offset in the padded input of each nonzero of rows {@code [coFrom, coTo)} (indexed like {@code values}):
     * {@code ci * plane + (ky * wp + kx) * n}.
     */
    static int[] tapOffsets(ConvGeometry g, int[] rowPtr, int[] colIdx, int coFrom, int coTo, int hp, int wp) {
        int n = g.batch(), k = g.kH() * g.kW();
        int[] offs = new int[rowPtr[coTo]];
        for (int p = rowPtr[coFrom]; p < rowPtr[coTo]; p++) {
            int col = colIdx[p], ci = col / k, tap = col - ci * k;
            offs[p] = (ci * hp * wp + (tap / g.kW()) * wp + tap % g.kW()) * n;
        }
        return offs;
    }

    static void checkForward(String op, ConvGeometry g, int[] rowPtr, float[] xp, int xpOff, float[] out, int outOff,
                             int coFrom, int coTo) {
        SparseConvLayout.checkGroups(op, g);
        checkPointer(op, rowPtr, g.outC());
        KernelArgs.range(op, "output channel", coFrom, coTo, g.outC());
        KernelArgs.slice(op, "padded input", xp, xpOff, SparseConvLayout.paddedInputSize(g));
        KernelArgs.slice(op, "output-side array", out, outOff, g.outputSize());
    }

    private static void checkPointer(String op, int[] ptr, int rows) {
        if (ptr == null || ptr.length != rows + 1) {
            throw new IllegalArgumentException(op + ": index pointer needs " + (rows + 1) + " entries for this geometry, has "
                    + (ptr == null ? "null" : ptr.length));
        }
    }
}
