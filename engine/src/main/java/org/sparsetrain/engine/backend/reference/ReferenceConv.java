package org.sparsetrain.engine.backend.reference;

import org.sparsetrain.engine.backend.ConvGeometry;

/**
 * Direct seven-loop convolution on {@code [C][H][W][N]} activations, forward and both gradients:
 * the definition the fast kernels are tested against.
 */
final class ReferenceConv {
    private ReferenceConv() {}

    static void forward(ConvGeometry g, double[] x, double[] w, double[] y) {
        visit(g, (xi, wi, yi) -> y[yi] += x[xi] * w[wi]);
    }

    static void backwardInput(ConvGeometry g, double[] gy, double[] w, double[] gx) {
        visit(g, (xi, wi, yi) -> gx[xi] += gy[yi] * w[wi]);
    }

    static void backwardWeight(ConvGeometry g, double[] x, double[] gy, double[] gw) {
        visit(g, (xi, wi, yi) -> gw[wi] += gy[yi] * x[xi]);
    }

    /** One multiply-accumulate of the convolution: input, weight and output flat indices. */
    private interface Mac {
        void accept(int xi, int wi, int yi);
    }

    /** Calls {@code mac} for every (input, weight, output) triple in a fixed order. */
    private static void visit(ConvGeometry g, Mac mac) {
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        int cinG = g.inCPerGroup(), coutG = g.outCPerGroup();
        for (int co = 0; co < g.outC(); co++) {
            int group = co / coutG;
            for (int ci = 0; ci < cinG; ci++) {
                int cIn = group * cinG + ci;
                for (int ky = 0; ky < g.kH(); ky++) {
                    for (int kx = 0; kx < g.kW(); kx++) {
                        int wi = ((co * cinG + ci) * g.kH() + ky) * g.kW() + kx;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            if (iy < 0 || iy >= g.inH()) continue;
                            for (int ox = 0; ox < ow; ox++) {
                                int ix = ox * g.strideW() - g.padW() + kx;
                                if (ix < 0 || ix >= g.inW()) continue;
                                int xBase = ((cIn * g.inH() + iy) * g.inW() + ix) * n;
                                int yBase = ((co * oh + oy) * ow + ox) * n;
                                for (int b = 0; b < n; b++) mac.accept(xBase + b, wi, yBase + b);
                            }
                        }
                    }
                }
            }
        }
    }
}
