package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register tiles of the convolution weight gradient: a block of up to 4 x 4 dot products
 * {@code out[r][c] = sum_{p, n} gy[gyBase + r * gyRowStride + gyPos(p) + n] * x[xBase + xRow(c) + xPos(p) + n]}
 * over a rectangle of output positions {@code p} (a {@link Span}) and the batch lanes {@code n}.
 *
 * <p>Rows are output channels. Columns are either input channels at one kernel tap (ky, kx), or, for a layer with
 * fewer than four input channels per group, four taps of one input channel whose valid positions coincide (every
 * tap of an unpadded convolution): either way all 16 products share the same valid positions. The 16 sums stay in
 * vector registers for the whole span and are reduced once at the end (pitfall P7), in a fixed lane order rather
 * than with {@code reduceLanes}, whose order is unspecified and so might differ between the interpreter and compiled
 * code.
 */
final class DotTiles {
    private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    static final int L = SP.length();

    private DotTiles() {}

    /**
     * A rectangle of {@code rows x cols} output positions: position (i, j) is at {@code gyBase + i * gyRowStep +
     * j * gyColStep} in the output gradient and {@code xBase + i * xRowStep + j * xColStep} in the input.
     */
    record Span(int rows, int cols, int gyRowStep, int gyColStep, int xRowStep, int xColStep) {}

    /** Floats of one accumulator slot: 16 vectors of partial sums, then 16 scalar batch-tail sums. */
    static final int SLOT = 16 * L + 16;

    /**
     * Adds the span's products to the 4 x 4 block held in {@code acc[at, at + SLOT)}: product (r, c) accumulates in
     * vector {@code r * 4 + c} and tail {@code r * 4 + c}; with {@code first} the slot starts from zero instead of
     * being read. Summing a span in pieces through the slot adds every product in exactly the order one call over
     * the whole span would, so a caller may cut the positions into cache-sized bands without changing a bit.
     * Column {@code c} reads x from {@code xBase + xc} with {@code x0 = 0}: input channels {@code inPlane} apart, or
     * four taps at their own offsets.
     */
    static void dot4x4(float[] gy, int gyBase, int gyRs, float[] x, int xBase, int x1, int x2, int x3, Span s, int n,
                       float[] acc, int at, boolean first) {
        int nVec = SP.loopBound(n);
        FloatVector a00 = load(acc, at, 0, first), a01 = load(acc, at, 1, first);
        FloatVector a02 = load(acc, at, 2, first), a03 = load(acc, at, 3, first);
        FloatVector a10 = load(acc, at, 4, first), a11 = load(acc, at, 5, first);
        FloatVector a12 = load(acc, at, 6, first), a13 = load(acc, at, 7, first);
        FloatVector a20 = load(acc, at, 8, first), a21 = load(acc, at, 9, first);
        FloatVector a22 = load(acc, at, 10, first), a23 = load(acc, at, 11, first);
        FloatVector a30 = load(acc, at, 12, first), a31 = load(acc, at, 13, first);
        FloatVector a32 = load(acc, at, 14, first), a33 = load(acc, at, 15, first);
        if (first) clearTails(acc, at, 16);
        for (int i = 0; i < s.rows(); i++) {
            int gp = gyBase + i * s.gyRowStep(), xp = xBase + i * s.xRowStep();
            for (int j = 0; j < s.cols(); j++, gp += s.gyColStep(), xp += s.xColStep()) {
                for (int nb = 0; nb < nVec; nb += L) {
                    FloatVector g0 = FloatVector.fromArray(SP, gy, gp + nb);
                    FloatVector g1 = FloatVector.fromArray(SP, gy, gp + gyRs + nb);
                    FloatVector g2 = FloatVector.fromArray(SP, gy, gp + 2 * gyRs + nb);
                    FloatVector g3 = FloatVector.fromArray(SP, gy, gp + 3 * gyRs + nb);
                    FloatVector y0 = FloatVector.fromArray(SP, x, xp + nb);
                    a00 = g0.fma(y0, a00); a10 = g1.fma(y0, a10); a20 = g2.fma(y0, a20); a30 = g3.fma(y0, a30);
                    FloatVector y1 = FloatVector.fromArray(SP, x, xp + x1 + nb);
                    a01 = g0.fma(y1, a01); a11 = g1.fma(y1, a11); a21 = g2.fma(y1, a21); a31 = g3.fma(y1, a31);
                    FloatVector y2 = FloatVector.fromArray(SP, x, xp + x2 + nb);
                    a02 = g0.fma(y2, a02); a12 = g1.fma(y2, a12); a22 = g2.fma(y2, a22); a32 = g3.fma(y2, a32);
                    FloatVector y3 = FloatVector.fromArray(SP, x, xp + x3 + nb);
                    a03 = g0.fma(y3, a03); a13 = g1.fma(y3, a13); a23 = g2.fma(y3, a23); a33 = g3.fma(y3, a33);
                }
                if (nVec < n) tails4x4(gy, gp, gyRs, x, xp, x1, x2, x3, nVec, n, acc, at);
            }
        }
        int v = at;
        a00.intoArray(acc, v); a01.intoArray(acc, v + L); a02.intoArray(acc, v + 2 * L); a03.intoArray(acc, v + 3 * L);
        v += 4 * L;
        a10.intoArray(acc, v); a11.intoArray(acc, v + L); a12.intoArray(acc, v + 2 * L); a13.intoArray(acc, v + 3 * L);
        v += 4 * L;
        a20.intoArray(acc, v); a21.intoArray(acc, v + L); a22.intoArray(acc, v + 2 * L); a23.intoArray(acc, v + 3 * L);
        v += 4 * L;
        a30.intoArray(acc, v); a31.intoArray(acc, v + L); a32.intoArray(acc, v + 2 * L); a33.intoArray(acc, v + 3 * L);
    }

    /**
     * One row {@code a} against 4 rows of {@code b} (products 0..3 of the slot): one output channel against 4 input
     * channels when {@code aIsGy}, else one input channel against 4 output channels; the product is symmetric, so
     * one kernel serves both with the span's steps swapped. Slot contract as {@link #dot4x4}.
     */
    static void dot1x4(float[] a, int aBase, float[] b, int bBase, int bRs, Span s, boolean aIsGy, int n,
                       float[] acc, int at, boolean first) {
        int nVec = SP.loopBound(n);
        int aRowStep = aIsGy ? s.gyRowStep() : s.xRowStep(), aColStep = aIsGy ? s.gyColStep() : s.xColStep();
        int bRowStep = aIsGy ? s.xRowStep() : s.gyRowStep(), bColStep = aIsGy ? s.xColStep() : s.gyColStep();
        FloatVector c0 = load(acc, at, 0, first), c1 = load(acc, at, 1, first);
        FloatVector c2 = load(acc, at, 2, first), c3 = load(acc, at, 3, first);
        if (first) clearTails(acc, at, 4);
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
                        acc[at + 16 * L + c] += aIsGy ? scalarDot(a, ap, b, bp + c * bRs, nVec, n)
                                : scalarDot(b, bp + c * bRs, a, ap, nVec, n);
                    }
                }
            }
        }
        c0.intoArray(acc, at); c1.intoArray(acc, at + L); c2.intoArray(acc, at + 2 * L); c3.intoArray(acc, at + 3 * L);
    }

    /**
     * A single dot product (product 0 of the slot). One accumulator, like every lane of the larger tiles: each
     * product must be summed in the same order whichever tile computes it, or results would depend on how a
     * caller splits the channels.
     */
    static void dot1x1(float[] gy, int gyBase, float[] x, int xBase, Span s, int n, float[] acc, int at, boolean first) {
        int nVec = SP.loopBound(n);
        FloatVector c = load(acc, at, 0, first);
        if (first) clearTails(acc, at, 1);
        for (int i = 0; i < s.rows(); i++) {
            int gp = gyBase + i * s.gyRowStep(), xp = xBase + i * s.xRowStep();
            for (int j = 0; j < s.cols(); j++, gp += s.gyColStep(), xp += s.xColStep()) {
                for (int nb = 0; nb < nVec; nb += L) {
                    c = FloatVector.fromArray(SP, gy, gp + nb).fma(FloatVector.fromArray(SP, x, xp + nb), c);
                }
                if (nVec < n) acc[at + 16 * L] += scalarDot(gy, gp, x, xp, nVec, n);
            }
        }
        c.intoArray(acc, at);
    }

    /** The finished dot product {@code p} of a slot: its vector's lanes in lane order, then its batch tail. */
    static float result(float[] acc, int at, int p) {
        int v = at + p * L;
        float s = 0;
        for (int l = 0; l < L; l++) s += acc[v + l];
        return s + acc[at + 16 * L + p];
    }

    private static FloatVector load(float[] acc, int at, int p, boolean first) {
        return first ? FloatVector.zero(SP) : FloatVector.fromArray(SP, acc, at + p * L);
    }

    private static void clearTails(float[] acc, int at, int count) {
        for (int p = 0; p < count; p++) acc[at + 16 * L + p] = 0f;
    }

    /** The batch tails of a 4 x 4 block at one position; out of line to keep {@link #dot4x4} small (pitfall P3). */
    private static void tails4x4(float[] gy, int gp, int gyRs, float[] x, int xp, int x1, int x2, int x3, int from,
                                 int to, float[] acc, int at) {
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                int xc = c == 0 ? 0 : c == 1 ? x1 : c == 2 ? x2 : x3;
                acc[at + 16 * L + r * 4 + c] += scalarDot(gy, gp + r * gyRs, x, xp + xc, from, to);
            }
        }
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
}
