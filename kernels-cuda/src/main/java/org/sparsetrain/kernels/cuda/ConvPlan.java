package org.sparsetrain.kernels.cuda;

import org.sparsetrain.engine.backend.ConvGeometry;

/**
 * How a convolution maps onto im2col + one GEMM per group, with byte offsets of each group's slice of the
 * input, weight and output. A 1x1 convolution with stride 1 and no padding skips im2col: the input already
 * is the column matrix ({@code [Ci][H*W*N]}).
 */
final class ConvPlan {
    final ConvGeometry g;
    final int ciG, coG, taps, positions;
    final boolean pointwise;

    ConvPlan(ConvGeometry g) {
        this.g = g;
        this.ciG = g.inCPerGroup();
        this.coG = g.outCPerGroup();
        this.taps = ciG * g.kH() * g.kW();
        long p = (long) g.outH() * g.outW() * g.batch();
        if (p > Integer.MAX_VALUE || (long) taps * p > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("conv2d on the GPU: the column matrix " + taps + " x " + p
                    + " exceeds 2^31 elements; use a smaller batch");
        }
        this.positions = (int) p;
        this.pointwise = g.kH() == 1 && g.kW() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0
                && g.padW() == 0;
    }

    /** Bytes of one group's column matrix {@code [taps][positions]}. */
    long colsBytes() { return (long) taps * positions * Float.BYTES; }

    /** Elements of one group's input slice {@code [ciG][H][W][N]}. */
    long groupInputSize() { return (long) ciG * g.inH() * g.inW() * g.batch(); }

    long xGroupOffset(int group) { return group * groupInputSize() * Float.BYTES; }

    long wGroupOffset(int group) { return (long) group * coG * taps * Float.BYTES; }

    long yGroupOffset(int group) { return (long) group * coG * positions * Float.BYTES; }

    /** The {@code Conv} struct of im2col.cu, field by field. */
    int[] convStruct() {
        return new int[] {g.batch(), g.inH(), g.inW(), g.kH(), g.kW(), g.strideH(), g.strideW(), g.padH(), g.padW(),
                g.outH(), g.outW()};
    }
}
