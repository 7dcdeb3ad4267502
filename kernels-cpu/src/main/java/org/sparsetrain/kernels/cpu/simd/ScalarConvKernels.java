package org.sparsetrain.kernels.cpu.simd;

import java.util.Arrays;

import org.sparsetrain.engine.backend.ConvGeometry;

/**
 * Scalar twin of {@link ConvKernels}: the same signatures and semantics as plain float loops in the reference
 * backend's order, used when SIMD is switched off and as the oracle of the vector kernels.
 */
public final class ScalarConvKernels {
    private ScalarConvKernels() {}

    /** See {@link ConvKernels#forward}. */
    /** See {@link ConvKernels#forward(ConvGeometry, float[], int, float[], int, float[], int, float[], int, int, int)}. */
    public static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff,
                               float[] y, int yOff, int coFrom, int coTo) {
        forward(g, x, xOff, w, wOff, y, yOff, coFrom, coTo);
        if (bias != null) {
            int plane = g.outH() * g.outW() * g.batch();
            for (int co = coFrom; co < coTo; co++) {
                for (int i = yOff + co * plane; i < yOff + (co + 1) * plane; i++) y[i] += bias[biasOff + co];
            }
        }
    }

    public static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] y, int yOff,
                               int coFrom, int coTo) {
        ConvKernels.checkArrays("conv2dForward", g, x, xOff, w, wOff, y, yOff);
        KernelArgs.range("conv2dForward", "output channel", coFrom, coTo, g.outC());
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        int cinG = g.inCPerGroup(), coutG = g.outCPerGroup();
        Arrays.fill(y, yOff + coFrom * oh * ow * n, yOff + coTo * oh * ow * n, 0f);
        for (int co = coFrom; co < coTo; co++) {
            int cIn0 = co / coutG * cinG;
            for (int ci = 0; ci < cinG; ci++) {
                for (int ky = 0; ky < g.kH(); ky++) {
                    for (int kx = 0; kx < g.kW(); kx++) {
                        float wv = w[wOff + ((co * cinG + ci) * g.kH() + ky) * g.kW() + kx];
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            if (iy < 0 || iy >= g.inH()) continue;
                            for (int ox = 0; ox < ow; ox++) {
                                int ix = ox * g.strideW() - g.padW() + kx;
                                if (ix < 0 || ix >= g.inW()) continue;
                                int xi = xOff + (((cIn0 + ci) * g.inH() + iy) * g.inW() + ix) * n;
                                int yi = yOff + ((co * oh + oy) * ow + ox) * n;
                                for (int b = 0; b < n; b++) y[yi + b] += wv * x[xi + b];
                            }
                        }
                    }
                }
            }
        }
    }

    /** See {@link ConvKernels#backwardInput}. */
    public static void backwardInput(ConvGeometry g, float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff,
                                     int ciFrom, int ciTo) {
        ConvKernels.checkArrays("conv2dBackwardInput", g, gx, gxOff, w, wOff, gy, gyOff);
        KernelArgs.range("conv2dBackwardInput", "input channel", ciFrom, ciTo, g.inC());
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        int cinG = g.inCPerGroup(), coutG = g.outCPerGroup();
        int inPlane = g.inH() * g.inW() * n;
        Arrays.fill(gx, gxOff + ciFrom * inPlane, gxOff + ciTo * inPlane, 0f);
        for (int cIn = ciFrom; cIn < ciTo; cIn++) {
            int group = cIn / cinG, ci = cIn - group * cinG;
            for (int co = group * coutG; co < (group + 1) * coutG; co++) {
                for (int ky = 0; ky < g.kH(); ky++) {
                    for (int kx = 0; kx < g.kW(); kx++) {
                        float wv = w[wOff + ((co * cinG + ci) * g.kH() + ky) * g.kW() + kx];
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            if (iy < 0 || iy >= g.inH()) continue;
                            for (int ox = 0; ox < ow; ox++) {
                                int ix = ox * g.strideW() - g.padW() + kx;
                                if (ix < 0 || ix >= g.inW()) continue;
                                int xi = gxOff + ((cIn * g.inH() + iy) * g.inW() + ix) * n;
                                int yi = gyOff + ((co * oh + oy) * ow + ox) * n;
                                for (int b = 0; b < n; b++) gx[xi + b] += wv * gy[yi + b];
                            }
                        }
                    }
                }
            }
        }
    }

    /** See {@link ConvKernels#backwardWeight}. */
    /** See {@link ConvKernels#backwardWeight(ConvGeometry, float[], int, float[], int, float[], int, float[], int, int, int)}. */
    public static void backwardWeight(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff,
                                      float[] gb, int gbOff, int coFrom, int coTo) {
        backwardWeight(g, x, xOff, gy, gyOff, gw, gwOff, coFrom, coTo);
        if (gb != null) {
            int plane = g.outH() * g.outW() * g.batch();
            for (int co = coFrom; co < coTo; co++) gb[gbOff + co] = (float) ScalarRows.sum(gy, gyOff + co * plane, plane);
        }
    }

    public static void backwardWeight(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff,
                                      int coFrom, int coTo) {
        ConvKernels.checkArrays("conv2dBackwardWeight", g, x, xOff, gw, gwOff, gy, gyOff);
        KernelArgs.range("conv2dBackwardWeight", "output channel", coFrom, coTo, g.outC());
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        int cinG = g.inCPerGroup(), coutG = g.outCPerGroup();
        for (int co = coFrom; co < coTo; co++) {
            int cIn0 = co / coutG * cinG;
            for (int ci = 0; ci < cinG; ci++) {
                for (int ky = 0; ky < g.kH(); ky++) {
                    for (int kx = 0; kx < g.kW(); kx++) {
                        float s = 0;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            if (iy < 0 || iy >= g.inH()) continue;
                            for (int ox = 0; ox < ow; ox++) {
                                int ix = ox * g.strideW() - g.padW() + kx;
                                if (ix < 0 || ix >= g.inW()) continue;
                                int xi = xOff + (((cIn0 + ci) * g.inH() + iy) * g.inW() + ix) * n;
                                int yi = gyOff + ((co * oh + oy) * ow + ox) * n;
                                for (int b = 0; b < n; b++) s += gy[yi + b] * x[xi + b];
                            }
                        }
                        gw[gwOff + ((co * cinG + ci) * g.kH() + ky) * g.kW() + kx] = s;
                    }
                }
            }
        }
    }
}
