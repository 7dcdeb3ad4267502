package org.sparsetrain.kernels.cpu.simd;

import java.util.Arrays;

import org.sparsetrain.engine.backend.ConvGeometry;

/**
 * Scalar twin of {@link SparseConvKernels}: the same signatures and semantics as plain loops. Forward and input
 * gradient sum the nonzeros in order with {@link Math#fma}, as the vector lanes do, so they give the same bits as
 * the SIMD kernels; the weight gradient sums positions and batch left to right (equal within rounding).
 */
public final class ScalarSparseConvKernels {
    private ScalarSparseConvKernels() {}

    /** See {@link SparseConvKernels#forward}. */
    public static void forward(ConvGeometry g, int[] rowPtr, int[] colIdx, float[] values, int valuesOff, float[] xp,
                               int xpOff, float[] y, int yOff, int coFrom, int coTo) {
        forward(g, rowPtr, colIdx, values, valuesOff, xp, xpOff, null, 0, y, yOff, coFrom, coTo);
    }

    /** See {@link SparseConvKernels#forward(ConvGeometry, int[], int[], float[], int, float[], int, float[], int, float[], int, int, int)}. */
    public static void forward(ConvGeometry g, int[] rowPtr, int[] colIdx, float[] values, int valuesOff, float[] xp,
                               int xpOff, float[] bias, int biasOff, float[] y, int yOff, int coFrom, int coTo) {
        SparseConvKernels.checkForward("sparseConv2dForward", g, rowPtr, xp, xpOff, y, yOff, coFrom, coTo);
        if (bias != null) KernelArgs.slice("sparseConv2dForward", "bias", bias, biasOff, g.outC());
        KernelArgs.slice("sparseConv2dForward", "values", values, valuesOff, rowPtr[g.outC()]);
        int n = g.batch(), ow = g.outW(), oh = g.outH(), wp = SparseConvLayout.paddedW(g);
        int outPlane = oh * ow * n;
        SparseConvTaps taps = SparseConvTaps.forward(g, rowPtr, colIdx, values, valuesOff, coFrom, coTo);
        for (int co = coFrom; co < coTo; co++) {
            // each sum starts at the bias, as in the SIMD kernel
            Arrays.fill(y, yOff + co * outPlane, yOff + (co + 1) * outPlane, bias == null ? 0f : bias[biasOff + co]);
            // the SIMD kernel's tap order (blocked), so both sum each element in the same order
            for (int t = taps.start(co - coFrom, 0); t < taps.end(co - coFrom, taps.blocks() - 1); t++) {
                float v = taps.vals()[t];
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int s = xpOff + taps.offs()[t] + (oy * g.strideH() * wp + ox * g.strideW()) * n;
                        int d = yOff + co * outPlane + (oy * ow + ox) * n;
                        for (int c = 0; c < n; c++) y[d + c] = Math.fma(xp[s + c], v, y[d + c]);
                    }
                }
            }
        }
    }

    /** See {@link SparseConvKernels#backwardInput}. */
    public static void backwardInput(ConvGeometry g, int[] colPtr, int[] rowIdx, float[] valuesT, float[] d, int dOff,
                                     float[] gx, int gxOff, int ciFrom, int ciTo) {
        String op = "sparseConv2dBackwardInput";
        SparseConvLayout.checkGroups(op, g);
        int k = g.kH() * g.kW();
        if (colPtr == null || colPtr.length != g.inC() * k + 1) {
            throw new IllegalArgumentException(op + ": index pointer needs " + (g.inC() * k + 1)
                    + " entries for this geometry, has " + (colPtr == null ? "null" : colPtr.length));
        }
        KernelArgs.range(op, "input channel", ciFrom, ciTo, g.inC());
        KernelArgs.slice(op, "dilated gradient", d, dOff, SparseConvLayout.dilatedGradientSize(g));
        KernelArgs.slice(op, "input gradient", gx, gxOff, g.inputSize());
        int inPlane = g.inH() * g.inW() * g.batch();
        SparseConvTaps taps = SparseConvTaps.backwardInput(g, colPtr, rowIdx, valuesT, ciFrom, ciTo);
        Arrays.fill(gx, gxOff + ciFrom * inPlane, gxOff + ciTo * inPlane, 0f);
        int spanY = g.padH() - (g.outH() - 1) * g.strideH(), spanX = g.padW() - (g.outW() - 1) * g.strideW();
        for (int ci = ciFrom; ci < ciTo; ci++) {
            for (int b = 0; b < taps.blocks(); b++) {
                for (int tap = 0; tap < k; tap++) {
                    int ky = tap / g.kW(), kx = tap % g.kW();
                    for (int t = taps.at(ci - ciFrom, b, tap); t < taps.at(ci - ciFrom, b, tap + 1); t++) {
                        addTap(g, taps.vals()[t], d, dOff + taps.offs()[t], gx, gxOff + ci * inPlane,
                                ky - spanY, ky - g.padH(), kx - spanX, kx - g.padW());
                    }
                }
            }
        }
    }

    /**
     * Adds one input-gradient tap at the positions where it lands inside the gradient's data region
     * ({@code iy in [ky - padH, ky - spanY]}, likewise for x), the set the SIMD kernel sums, in its order.
     */
    private static void addTap(ConvGeometry g, float v, float[] d, int src, float[] gx, int dst, int iyMax, int iyMin,
                               int ixMax, int ixMin) {
        int n = g.batch(), h = g.inH(), w = g.inW(), dw = SparseConvLayout.dilatedW(g);
        int cell = SparseConvLayout.dilatedCell(g);
        for (int iy = Math.max(0, iyMin); iy <= Math.min(h - 1, iyMax); iy++) {
            for (int ix = Math.max(0, ixMin); ix <= Math.min(w - 1, ixMax); ix++) {
                int s = src + (iy * dw + ix) * cell, o = dst + (iy * w + ix) * n;
                for (int c = 0; c < n; c++) gx[o + c] = Math.fma(d[s + c], v, gx[o + c]);
            }
        }
    }

    /** See {@link SparseConvKernels#backwardWeight}. */
    public static void backwardWeight(ConvGeometry g, int[] rowPtr, int[] colIdx, float[] xp, int xpOff,
                                      float[] gy, int gyOff, float[] gw, int gwOff, int coFrom, int coTo) {
        backwardWeight(g, rowPtr, colIdx, xp, xpOff, gy, gyOff, gw, gwOff, null, 0, coFrom, coTo);
    }

    /** See {@link SparseConvKernels#backwardWeight(ConvGeometry, int[], int[], float[], int, float[], int, float[], int, float[], int, int, int)}. */
    public static void backwardWeight(ConvGeometry g, int[] rowPtr, int[] colIdx, float[] xp, int xpOff,
                                      float[] gy, int gyOff, float[] gw, int gwOff, float[] gb, int gbOff,
                                      int coFrom, int coTo) {
        String op = "sparseConv2dBackwardWeight";
        SparseConvKernels.checkForward(op, g, rowPtr, xp, xpOff, gy, gyOff, coFrom, coTo);
        KernelArgs.slice(op, "weight gradient", gw, gwOff, rowPtr[g.outC()]);
        if (gb != null) KernelArgs.slice(op, "bias gradient", gb, gbOff, g.outC());
        int plane = g.outH() * g.outW() * g.batch();
        if (gb != null) {
            for (int co = coFrom; co < coTo; co++) gb[gbOff + co] = (float) ScalarRows.sum(gy, gyOff + co * plane, plane);
        }
        int n = g.batch(), wp = SparseConvLayout.paddedW(g);
        int[] offs = SparseConvKernels.tapOffsets(g, rowPtr, colIdx, coFrom, coTo, SparseConvLayout.paddedH(g), wp);
        for (int p = rowPtr[coFrom]; p < rowPtr[coTo]; p++) gw[gwOff + p] = 0f;
        for (int co = coFrom; co < coTo; co++) {
            addDotTail(gy, gyOff + co * g.outH() * g.outW() * n, xp, xpOff, offs, rowPtr[co], rowPtr[co + 1], g.outH(),
                    g.outW(), n, g.strideH() * wp * n, g.strideW() * n, 0, gw, gwOff);
        }
    }

    /**
     * Adds to {@code gw[gwOff + p]} the batch columns {@code [c0, n)} of the dot products of {@link SparseConvTiles}
     * (the scalar tail of the SIMD weight gradient, and the whole scalar one with {@code c0 = 0}).
     */
    static void addDotTail(float[] gy, int gyBase, float[] xp, int xb, int[] offs, int pFrom, int pTo, int oh, int ow,
                           int n, int xRow, int xCol, int c0, float[] gw, int gwOff) {
        for (int p = pFrom; p < pTo; p++) {
            float acc = 0f;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int gi = gyBase + (oy * ow + ox) * n, xi = xb + offs[p] + oy * xRow + ox * xCol;
                    for (int c = c0; c < n; c++) acc = Math.fma(gy[gi + c], xp[xi + c], acc);
                }
            }
            gw[gwOff + p] += acc;
        }
    }
}
