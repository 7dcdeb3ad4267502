package org.sparsetrain.kernels.cpu.simd;

import java.util.Arrays;

import org.sparsetrain.engine.backend.PoolGeometry;

/** Scalar twin of {@link PoolKernels}: the same signatures and semantics as plain float loops. */
public final class ScalarPoolKernels {
    private ScalarPoolKernels() {}

    /** See {@link PoolKernels#maxForward}. */
    public static void maxForward(PoolGeometry g, float[] x, int xOff, float[] y, int yOff, int[] argmax,
                                  int cFrom, int cTo) {
        PoolKernels.checkArrays("maxPool2dForward", g, x, xOff, y, yOff, cFrom, cTo);
        PoolKernels.checkArgmax("maxPool2dForward", g, argmax);
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        for (int c = cFrom; c < cTo; c++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int b = 0; b < n; b++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int bestIdx = -1;
                        for (int ky = 0; ky < g.kH(); ky++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            if (iy < 0 || iy >= g.inH()) continue;
                            for (int kx = 0; kx < g.kW(); kx++) {
                                int ix = ox * g.strideW() - g.padW() + kx;
                                if (ix < 0 || ix >= g.inW()) continue;
                                int xi = ((c * g.inH() + iy) * g.inW() + ix) * n + b;
                                float v = x[xOff + xi];
                                if (bestIdx < 0 || v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                                    best = v;
                                    bestIdx = xi;
                                }
                            }
                        }
                        int yi = ((c * oh + oy) * ow + ox) * n + b;
                        y[yOff + yi] = best;
                        argmax[yi] = bestIdx;
                    }
                }
            }
        }
    }

    /** See {@link PoolKernels#maxBackward}. */
    public static void maxBackward(PoolGeometry g, float[] gy, int gyOff, int[] argmax, float[] gx, int gxOff,
                                   int cFrom, int cTo) {
        PoolKernels.checkArrays("maxPool2dBackward", g, gx, gxOff, gy, gyOff, cFrom, cTo);
        PoolKernels.checkArgmax("maxPool2dBackward", g, argmax);
        int inPlane = g.inH() * g.inW() * g.batch(), outPlane = g.outH() * g.outW() * g.batch();
        Arrays.fill(gx, gxOff + cFrom * inPlane, gxOff + cTo * inPlane, 0f);
        for (int o = cFrom * outPlane; o < cTo * outPlane; o++) gx[gxOff + argmax[o]] += gy[gyOff + o];
    }

    /** See {@link PoolKernels#avgForward}. */
    public static void avgForward(PoolGeometry g, float[] x, int xOff, float[] y, int yOff, int cFrom, int cTo) {
        PoolKernels.checkArrays("avgPool2dForward", g, x, xOff, y, yOff, cFrom, cTo);
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        float inv = 1f / (g.kH() * g.kW());
        for (int c = cFrom; c < cTo; c++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int b = 0; b < n; b++) {
                        float s = 0;
                        for (int ky = 0; ky < g.kH(); ky++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            if (iy < 0 || iy >= g.inH()) continue;
                            for (int kx = 0; kx < g.kW(); kx++) {
                                int ix = ox * g.strideW() - g.padW() + kx;
                                if (ix < 0 || ix >= g.inW()) continue;
                                s += x[xOff + ((c * g.inH() + iy) * g.inW() + ix) * n + b];
                            }
                        }
                        y[yOff + ((c * oh + oy) * ow + ox) * n + b] = s * inv;
                    }
                }
            }
        }
    }

    /** See {@link PoolKernels#avgBackward}. */
    public static void avgBackward(PoolGeometry g, float[] gy, int gyOff, float[] gx, int gxOff, int cFrom, int cTo) {
        PoolKernels.checkArrays("avgPool2dBackward", g, gx, gxOff, gy, gyOff, cFrom, cTo);
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        int inPlane = g.inH() * g.inW() * n;
        float inv = 1f / (g.kH() * g.kW());
        Arrays.fill(gx, gxOff + cFrom * inPlane, gxOff + cTo * inPlane, 0f);
        // Scatter the sums first and scale once at the end, as the vector kernel does.
        for (int c = cFrom; c < cTo; c++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int ky = 0; ky < g.kH(); ky++) {
                        int iy = oy * g.strideH() - g.padH() + ky;
                        if (iy < 0 || iy >= g.inH()) continue;
                        for (int kx = 0; kx < g.kW(); kx++) {
                            int ix = ox * g.strideW() - g.padW() + kx;
                            if (ix < 0 || ix >= g.inW()) continue;
                            int xi = gxOff + ((c * g.inH() + iy) * g.inW() + ix) * n;
                            int yi = gyOff + ((c * oh + oy) * ow + ox) * n;
                            for (int b = 0; b < n; b++) gx[xi + b] += gy[yi + b];
                        }
                    }
                }
            }
        }
        for (int i = gxOff + cFrom * inPlane; i < gxOff + cTo * inPlane; i++) gx[i] *= inv;
    }
}
