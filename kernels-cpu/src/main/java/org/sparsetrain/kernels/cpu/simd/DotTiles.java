package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register tiles of the convolution weight gradient: a block of up to 4 x 4 dot products
 * {@code out[r][c] = sum_{p, n} gy[gyBase + r * gyRowStride + gyPos(p) + n] * x[xBase + c * xRowStride + xPos(p) + n]}
 * over a rectangle of output positions {@code p} (a {@link Span}) and the batch lanes {@code n}.
 *
 * <p>Rows are output channels, columns input channels at one kernel tap (ky, kx), so all 16 products share the
 * same valid positions. The 16 sums stay in vector registers for the whole span and are reduced once at the
 * end (pitfall P7), in a fixed lane order rather than with {@code reduceLanes}, whose order is unspecified and
 * so might differ between the interpreter and compiled code.
 */
final class DotTiles {
    private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    private static final int L = SP.length();

    private DotTiles() {}

    /**
     * A rectangle of {@code rows x cols} output positions: position (i, j) is at {@code gyBase + i * gyRowStep +
     * j * gyColStep} in the output gradient and {@code xBase + i * xRowStep + j * xColStep} in the input.
     */
    record Span(int rows, int cols, int gyRowStep, int gyColStep, int xRowStep, int xColStep) {}

    static void dot4x4(float[] gy, int gyBase, int gyRs, float[] x, int xBase, int xRs, Span s, int n, float[] out) {
        int nVec = SP.loopBound(n);
        VectorMask<Float> tail = SP.indexInRange(nVec, n);
        FloatVector a00 = FloatVector.zero(SP), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int i = 0; i < s.rows(); i++) {
            int gp = gyBase + i * s.gyRowStep(), xp = xBase + i * s.xRowStep();
            for (int j = 0; j < s.cols(); j++, gp += s.gyColStep(), xp += s.xColStep()) {
                for (int nb = 0; nb < nVec; nb += L) {
                    FloatVector g0 = FloatVector.fromArray(SP, gy, gp + nb);
                    FloatVector g1 = FloatVector.fromArray(SP, gy, gp + gyRs + nb);
                    FloatVector g2 = FloatVector.fromArray(SP, gy, gp + 2 * gyRs + nb);
                    FloatVector g3 = FloatVector.fromArray(SP, gy, gp + 3 * gyRs + nb);
                    FloatVector x0 = FloatVector.fromArray(SP, x, xp + nb);
                    a00 = g0.fma(x0, a00); a10 = g1.fma(x0, a10); a20 = g2.fma(x0, a20); a30 = g3.fma(x0, a30);
                    FloatVector x1 = FloatVector.fromArray(SP, x, xp + xRs + nb);
                    a01 = g0.fma(x1, a01); a11 = g1.fma(x1, a11); a21 = g2.fma(x1, a21); a31 = g3.fma(x1, a31);
                    FloatVector x2 = FloatVector.fromArray(SP, x, xp + 2 * xRs + nb);
                    a02 = g0.fma(x2, a02); a12 = g1.fma(x2, a12); a22 = g2.fma(x2, a22); a32 = g3.fma(x2, a32);
                    FloatVector x3 = FloatVector.fromArray(SP, x, xp + 3 * xRs + nb);
                    a03 = g0.fma(x3, a03); a13 = g1.fma(x3, a13); a23 = g2.fma(x3, a23); a33 = g3.fma(x3, a33);
                }
                if (nVec < n) {
                    // The partial last vector, loaded under the tail mask: its zero lanes add nothing.
                    int nb = nVec;
                    FloatVector g0 = FloatVector.fromArray(SP, gy, gp + nb, tail);
                    FloatVector g1 = FloatVector.fromArray(SP, gy, gp + gyRs + nb, tail);
                    FloatVector g2 = FloatVector.fromArray(SP, gy, gp + 2 * gyRs + nb, tail);
                    FloatVector g3 = FloatVector.fromArray(SP, gy, gp + 3 * gyRs + nb, tail);
                    FloatVector x0 = FloatVector.fromArray(SP, x, xp + nb, tail);
                    a00 = g0.fma(x0, a00); a10 = g1.fma(x0, a10); a20 = g2.fma(x0, a20); a30 = g3.fma(x0, a30);
                    FloatVector x1 = FloatVector.fromArray(SP, x, xp + xRs + nb, tail);
                    a01 = g0.fma(x1, a01); a11 = g1.fma(x1, a11); a21 = g2.fma(x1, a21); a31 = g3.fma(x1, a31);
                    FloatVector x2 = FloatVector.fromArray(SP, x, xp + 2 * xRs + nb, tail);
                    a02 = g0.fma(x2, a02); a12 = g1.fma(x2, a12); a22 = g2.fma(x2, a22); a32 = g3.fma(x2, a32);
                    FloatVector x3 = FloatVector.fromArray(SP, x, xp + 3 * xRs + nb, tail);
                    a03 = g0.fma(x3, a03); a13 = g1.fma(x3, a13); a23 = g2.fma(x3, a23); a33 = g3.fma(x3, a33);
                }
            }
        }
        out[0] = sum(a00); out[1] = sum(a01); out[2] = sum(a02); out[3] = sum(a03);
        out[4] = sum(a10); out[5] = sum(a11); out[6] = sum(a12); out[7] = sum(a13);
        out[8] = sum(a20); out[9] = sum(a21); out[10] = sum(a22); out[11] = sum(a23);
        out[12] = sum(a30); out[13] = sum(a31); out[14] = sum(a32); out[15] = sum(a33);
    }

    /**
     * One row {@code a} against 4 rows of {@code b} ({@code out[0..3]}): one output channel against 4 input channels
     * when {@code aIsGy}, else one input channel against 4 output channels; the product is symmetric, so one kernel
     * serves both with the span's steps swapped.
     */
    static void dot1x4(float[] a, int aBase, float[] b, int bBase, int bRs, Span s, boolean aIsGy, int n, float[] out) {
        int nVec = SP.loopBound(n);
        VectorMask<Float> tail = SP.indexInRange(nVec, n);
        int aRowStep = aIsGy ? s.gyRowStep() : s.xRowStep(), aColStep = aIsGy ? s.gyColStep() : s.xColStep();
        int bRowStep = aIsGy ? s.xRowStep() : s.gyRowStep(), bColStep = aIsGy ? s.xColStep() : s.gyColStep();
        FloatVector c0 = FloatVector.zero(SP), c1 = c0, c2 = c0, c3 = c0;
        for (int i = 0; i < s.rows(); i++) {
            int ap = aBase + i * aRowStep, bp = bBase + i * bRowStep;
            for (int j = 0; j < s.cols(); j++, ap += aColStep, bp += bColStep) {
                for (int nb = 0; nb < nVec; nb += L) {
                    FloatVector av = FloatVector.fromArray(SP, a, ap + nb);
                    c0 = av.fma(FloatVector.fromArray(SP, b, bp + nb), c0);
                    c1 = av.fma(FloatVector.fromArray(SP, b, bp + bRs + nb), c1);
                    c2 = av.fma(FloatVector.fromArray(SP, b, bp + 2 * bRs + nb), c2);
                    c3 = av.fma(FloatVector.fromArray(SP, b, bp + 3 * bRs + nb), c3);
                }
                if (nVec < n) {
                    FloatVector av = FloatVector.fromArray(SP, a, ap + nVec, tail);
                    c0 = av.fma(FloatVector.fromArray(SP, b, bp + nVec, tail), c0);
                    c1 = av.fma(FloatVector.fromArray(SP, b, bp + bRs + nVec, tail), c1);
                    c2 = av.fma(FloatVector.fromArray(SP, b, bp + 2 * bRs + nVec, tail), c2);
                    c3 = av.fma(FloatVector.fromArray(SP, b, bp + 3 * bRs + nVec, tail), c3);
                }
            }
        }
        out[0] = sum(c0); out[1] = sum(c1); out[2] = sum(c2); out[3] = sum(c3);
    }

    /**
     * A single dot product. One accumulator, like every lane of the larger tiles: each product must be summed in
     * the same order whichever tile computes it, or results would depend on how a caller splits the channels.
     */
    static float dot1x1(float[] gy, int gyBase, float[] x, int xBase, Span s, int n) {
        int nVec = SP.loopBound(n);
        VectorMask<Float> tail = SP.indexInRange(nVec, n);
        FloatVector c = FloatVector.zero(SP);
        for (int i = 0; i < s.rows(); i++) {
            int gp = gyBase + i * s.gyRowStep(), xp = xBase + i * s.xRowStep();
            for (int j = 0; j < s.cols(); j++, gp += s.gyColStep(), xp += s.xColStep()) {
                for (int nb = 0; nb < nVec; nb += L) {
                    c = FloatVector.fromArray(SP, gy, gp + nb).fma(FloatVector.fromArray(SP, x, xp + nb), c);
                }
                if (nVec < n) {
                    c = FloatVector.fromArray(SP, gy, gp + nVec, tail).fma(FloatVector.fromArray(SP, x, xp + nVec, tail), c);
                }
            }
        }
        return sum(c);
    }

    /** Sum of the lanes in lane order (deterministic in every execution tier). */
    private static float sum(FloatVector v) {
        float[] lanes = v.toArray();
        float s = 0;
        for (float f : lanes) s += f;
        return s;
    }
}
