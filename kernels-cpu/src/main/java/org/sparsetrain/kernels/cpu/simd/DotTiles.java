package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;
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
        float[] tail = new float[16];
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
                    for (int r = 0; r < 4; r++) {
                        for (int c = 0; c < 4; c++) tail[r * 4 + c] += scalarDot(gy, gp + r * gyRs, x, xp + c * xRs, nVec, n);
                    }
                }
            }
        }
        out[0] = sum(a00) + tail[0]; out[1] = sum(a01) + tail[1]; out[2] = sum(a02) + tail[2]; out[3] = sum(a03) + tail[3];
        out[4] = sum(a10) + tail[4]; out[5] = sum(a11) + tail[5]; out[6] = sum(a12) + tail[6]; out[7] = sum(a13) + tail[7];
        out[8] = sum(a20) + tail[8]; out[9] = sum(a21) + tail[9]; out[10] = sum(a22) + tail[10]; out[11] = sum(a23) + tail[11];
        out[12] = sum(a30) + tail[12]; out[13] = sum(a31) + tail[13]; out[14] = sum(a32) + tail[14]; out[15] = sum(a33) + tail[15];
    }

    /**
     * One row {@code a} against 4 rows of {@code b} ({@code out[0..3]}): one output channel against 4 input channels
     * when {@code aIsGy}, else one input channel against 4 output channels; the product is symmetric, so one kernel
     * serves both with the span's steps swapped.
     */
    static void dot1x4(float[] a, int aBase, float[] b, int bBase, int bRs, Span s, boolean aIsGy, int n, float[] out) {
        int nVec = SP.loopBound(n);
        float[] tail = new float[4];
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
                    // scalarDot is symmetric in its operands' roles, so a-vs-b order does not change the sum.
                    for (int c = 0; c < 4; c++) {
                        tail[c] += aIsGy ? scalarDot(a, ap, b, bp + c * bRs, nVec, n) : scalarDot(b, bp + c * bRs, a, ap, nVec, n);
                    }
                }
            }
        }
        out[0] = sum(c0) + tail[0]; out[1] = sum(c1) + tail[1]; out[2] = sum(c2) + tail[2]; out[3] = sum(c3) + tail[3];
    }

    /**
     * A single dot product. One accumulator, like every lane of the larger tiles: each product must be summed in
     * the same order whichever tile computes it, or results would depend on how a caller splits the channels.
     */
    static float dot1x1(float[] gy, int gyBase, float[] x, int xBase, Span s, int n) {
        int nVec = SP.loopBound(n);
        float tail = 0;
        FloatVector c = FloatVector.zero(SP);
        for (int i = 0; i < s.rows(); i++) {
            int gp = gyBase + i * s.gyRowStep(), xp = xBase + i * s.xRowStep();
            for (int j = 0; j < s.cols(); j++, gp += s.gyColStep(), xp += s.xColStep()) {
                for (int nb = 0; nb < nVec; nb += L) {
                    c = FloatVector.fromArray(SP, gy, gp + nb).fma(FloatVector.fromArray(SP, x, xp + nb), c);
                }
                if (nVec < n) tail += scalarDot(gy, gp, x, xp, nVec, n);
            }
        }
        return sum(c) + tail;
    }

    /**
     * {@code sum_{n in [from, to)} gy[gp + n] * x[xp + n]} in lane order: the batch tail that does not fill a vector.
     * Every tile shape adds its tail through this one method, after the vector part, so each dot product is
     * summed in the same order whichever tile computes it. Kept scalar and out of line: a masked vector copy of
     * the 16-accumulator body doubled its size and C1 gave up on it ("out of virtual registers"), leaving it
     * interpreted for minutes (pitfall P3).
     */
    private static float scalarDot(float[] gy, int gp, float[] x, int xp, int from, int to) {
        float s = 0;
        for (int k = from; k < to; k++) s += gy[gp + k] * x[xp + k];
        return s;
    }

    /** Sum of the lanes in lane order (deterministic in every execution tier). */
    private static float sum(FloatVector v) {
        float[] lanes = v.toArray();
        float s = 0;
        for (float f : lanes) s += f;
        return s;
    }
}
