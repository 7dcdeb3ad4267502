package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight-gradient tile of the direct sparse convolution: dot products of one output-gradient channel with the
 * input shifted by a tap, summed over every output position and the first {@code cv} batch columns (a multiple of
 * the vector length; the rest is the scalar tail in {@link ScalarSparseConvKernels}).
 *
 * <p>Four nonzeros are in flight and the batch is unrolled by two vectors: 8 independent accumulators, one dY load
 * pair shared by the four taps (10 loads per 8 FMAs), one tree-add and reduction per nonzero at the end (P7).
 */
final class SparseConvTiles {
    static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    static final int L = SP.length();

    private SparseConvTiles() {}

    /**
     * {@code out[k] = sum_{oy, ox, c < cv} gy[gyBase + (oy*ow + ox)*n + c] * x[xk + oy*xRow + ox*xCol + c]} for the
     * four tap bases {@code x0..x3}.
     */
    static void dot4(float[] gy, int gyBase, float[] x, int x0, int x1, int x2, int x3, int oh, int ow, int n,
                     int xRow, int xCol, int cv, float[] out) {
        FloatVector a0 = FloatVector.zero(SP), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int g = gyBase + (oy * ow + ox) * n, xo = oy * xRow + ox * xCol;
                int c = 0;
                for (; c + 2 * L <= cv; c += 2 * L) {
                    FloatVector g0 = FloatVector.fromArray(SP, gy, g + c), g1 = FloatVector.fromArray(SP, gy, g + c + L);
                    int s = xo + c;
                    a0 = FloatVector.fromArray(SP, x, x0 + s).fma(g0, a0);
                    a1 = FloatVector.fromArray(SP, x, x1 + s).fma(g0, a1);
                    a2 = FloatVector.fromArray(SP, x, x2 + s).fma(g0, a2);
                    a3 = FloatVector.fromArray(SP, x, x3 + s).fma(g0, a3);
                    b0 = FloatVector.fromArray(SP, x, x0 + s + L).fma(g1, b0);
                    b1 = FloatVector.fromArray(SP, x, x1 + s + L).fma(g1, b1);
                    b2 = FloatVector.fromArray(SP, x, x2 + s + L).fma(g1, b2);
                    b3 = FloatVector.fromArray(SP, x, x3 + s + L).fma(g1, b3);
                }
                if (c < cv) {
                    FloatVector g0 = FloatVector.fromArray(SP, gy, g + c);
                    int s = xo + c;
                    a0 = FloatVector.fromArray(SP, x, x0 + s).fma(g0, a0);
                    a1 = FloatVector.fromArray(SP, x, x1 + s).fma(g0, a1);
                    a2 = FloatVector.fromArray(SP, x, x2 + s).fma(g0, a2);
                    a3 = FloatVector.fromArray(SP, x, x3 + s).fma(g0, a3);
                }
            }
        }
        out[0] = LaneSums.sum(a0.add(b0));
        out[1] = LaneSums.sum(a1.add(b1));
        out[2] = LaneSums.sum(a2.add(b2));
        out[3] = LaneSums.sum(a3.add(b3));
    }

    /** {@link #dot4} for one tap base. */
    static float dot1(float[] gy, int gyBase, float[] x, int x0, int oh, int ow, int n, int xRow, int xCol, int cv) {
        FloatVector a = FloatVector.zero(SP), b = a;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int g = gyBase + (oy * ow + ox) * n, s = x0 + oy * xRow + ox * xCol;
                int c = 0;
                for (; c + 2 * L <= cv; c += 2 * L) {
                    a = FloatVector.fromArray(SP, x, s + c).fma(FloatVector.fromArray(SP, gy, g + c), a);
                    b = FloatVector.fromArray(SP, x, s + c + L).fma(FloatVector.fromArray(SP, gy, g + c + L), b);
                }
                if (c < cv) a = FloatVector.fromArray(SP, x, s + c).fma(FloatVector.fromArray(SP, gy, g + c), a);
            }
        }
        return LaneSums.sum(a.add(b));
    }
}
