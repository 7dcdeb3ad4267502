package org.sparsetrain.engine.backend.reference;

import org.sparsetrain.engine.backend.PoolGeometry;

/** Direct max and average pooling on {@code [C][H][W][N]} activations. */
final class ReferencePool {
    private ReferencePool() {}

    static void maxForward(PoolGeometry g, double[] x, double[] y, int[] argmax) {
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        for (int c = 0; c < g.channels(); c++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int b = 0; b < n; b++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int bestIdx = -1;
                        window:
                        for (int ky = 0; ky < g.kH(); ky++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            if (iy < 0 || iy >= g.inH()) continue;
                            for (int kx = 0; kx < g.kW(); kx++) {
                                int ix = ox * g.strideW() - g.padW() + kx;
                                if (ix < 0 || ix >= g.inW()) continue;
                                int xi = ((c * g.inH() + iy) * g.inW() + ix) * n + b;
                                // Strictly greater: the first maximum in window order wins ties, as in PyTorch;
                                // the first NaN in window order wins and propagates.
                                if (bestIdx < 0 || x[xi] > best || Double.isNaN(x[xi])) {
                                    best = x[xi];
                                    bestIdx = xi;
                                    if (Double.isNaN(best)) break window;
                                }
                            }
                        }
                        int yi = ((c * oh + oy) * ow + ox) * n + b;
                        y[yi] = best;
                        argmax[yi] = bestIdx;
                    }
                }
            }
        }
    }

    static void avgForward(PoolGeometry g, double[] x, double[] y) {
        visit(g, (xi, yi, inv) -> y[yi] += x[xi] * inv);
    }

    static void avgBackward(PoolGeometry g, double[] gy, double[] gx) {
        visit(g, (xi, yi, inv) -> gx[xi] += gy[yi] * inv);
    }

    private interface Cell {
        void accept(int xi, int yi, double inverseWindow);
    }

    private static void visit(PoolGeometry g, Cell cell) {
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        double inv = 1.0 / (g.kH() * g.kW());
        for (int c = 0; c < g.channels(); c++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int yBase = ((c * oh + oy) * ow + ox) * n;
                    for (int ky = 0; ky < g.kH(); ky++) {
                        int iy = oy * g.strideH() - g.padH() + ky;
                        if (iy < 0 || iy >= g.inH()) continue;
                        for (int kx = 0; kx < g.kW(); kx++) {
                            int ix = ox * g.strideW() - g.padW() + kx;
                            if (ix < 0 || ix >= g.inW()) continue;
                            int xBase = ((c * g.inH() + iy) * g.inW() + ix) * n;
                            for (int b = 0; b < n; b++) cell.accept(xBase + b, yBase + b, inv);
                        }
                    }
                }
            }
        }
    }
}
