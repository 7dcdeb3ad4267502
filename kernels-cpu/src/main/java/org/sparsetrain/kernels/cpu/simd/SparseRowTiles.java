package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register tiles of the sparse kernels, vectorised along the contiguous batch (performance-notes section 3.2, "reg8").
 * A "row" here is a list of nonzeros {@code p in [pFrom, pTo)}, each a value {@code vals[p]} and a source row starting
 * at {@code base + idx[p] * scale} (SpMM: {@code idx} = column index, {@code scale} = batch; direct conv: {@code idx} =
 * precomputed tap offset, {@code scale} = 1).
 *
 * <p>The batch is covered by blocks of 8 vectors (the output row lives in 8 registers: per nonzero one broadcast,
 * 8 loads and 8 FMAs, 8 stores per row), then one block of 4, then single vectors, and the last
 * {@code n mod L} columns by an out-of-line scalar tail in {@link ScalarSparseMatmul}. No masks (pitfall P6), and
 * every method is small so that C2 compiles it (pitfall P3). The block sizes follow from the species: with 16
 * lanes the main case {@code n = 128} is one 8-vector block, with 8 lanes two.
 *
 * <p>The scalar tail uses {@link Math#fma} in the same order as the vector lanes, so the gather tiles give the same
 * bits whatever the split of the batch into blocks, and the same bits as {@link ScalarSparseMatmul#spmm}.
 */
final class SparseRowTiles {
    static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    static final int L = SP.length();
    static final int B8 = 8 * L, B4 = 4 * L;

    private SparseRowTiles() {}

    /**
     * {@code dst[d + c] = beta * dst[d + c] + init + sum_p vals[vOff + p] * src[base + idx[p] * scale + c]} for
     * {@code c in [0, n)}, the sum started at {@code fma(dst, beta, init)} (at {@code init} when {@code beta == 0},
     * which never reads {@code dst}): a linear layer's bias costs no pass of its own.
     */
    static void gatherRow(float[] vals, int vOff, int[] idx, int pFrom, int pTo, int scale, float[] src, int base,
                          float[] dst, int d, int n, float beta, float init) {
        int c = 0;
        for (; c + B8 <= n; c += B8) gather8(vals, vOff, idx, pFrom, pTo, scale, src, base + c, dst, d + c, beta, init);
        if (c + B4 <= n) {
            gather4(vals, vOff, idx, pFrom, pTo, scale, src, base + c, dst, d + c, beta, init);
            c += B4;
        }
        for (; c + L <= n; c += L) gather1(vals, vOff, idx, pFrom, pTo, scale, src, base + c, dst, d + c, beta, init);
        if (c < n) ScalarSparseMatmul.gatherColumns(vals, vOff, idx, pFrom, pTo, scale, src, base, dst, d, c, n, beta,
                init);
    }

    private static FloatVector start(float[] dst, int d, float beta, float init) {
        return beta == 0f ? FloatVector.broadcast(SP, init) : FloatVector.fromArray(SP, dst, d).fma(beta, init);
    }

    private static void gather8(float[] vals, int vOff, int[] idx, int pFrom, int pTo, int scale, float[] src, int base,
                                float[] dst, int d, float beta, float init) {
        FloatVector a0 = start(dst, d, beta, init), a1 = start(dst, d + L, beta, init);
        FloatVector a2 = start(dst, d + 2 * L, beta, init), a3 = start(dst, d + 3 * L, beta, init);
        FloatVector a4 = start(dst, d + 4 * L, beta, init), a5 = start(dst, d + 5 * L, beta, init);
        FloatVector a6 = start(dst, d + 6 * L, beta, init), a7 = start(dst, d + 7 * L, beta, init);
        for (int p = pFrom; p < pTo; p++) {
            int s = base + idx[p] * scale;
            FloatVector v = FloatVector.broadcast(SP, vals[vOff + p]);
            a0 = FloatVector.fromArray(SP, src, s).fma(v, a0);
            a1 = FloatVector.fromArray(SP, src, s + L).fma(v, a1);
            a2 = FloatVector.fromArray(SP, src, s + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(SP, src, s + 3 * L).fma(v, a3);
            a4 = FloatVector.fromArray(SP, src, s + 4 * L).fma(v, a4);
            a5 = FloatVector.fromArray(SP, src, s + 5 * L).fma(v, a5);
            a6 = FloatVector.fromArray(SP, src, s + 6 * L).fma(v, a6);
            a7 = FloatVector.fromArray(SP, src, s + 7 * L).fma(v, a7);
        }
        a0.intoArray(dst, d);
        a1.intoArray(dst, d + L);
        a2.intoArray(dst, d + 2 * L);
        a3.intoArray(dst, d + 3 * L);
        a4.intoArray(dst, d + 4 * L);
        a5.intoArray(dst, d + 5 * L);
        a6.intoArray(dst, d + 6 * L);
        a7.intoArray(dst, d + 7 * L);
    }

    private static void gather4(float[] vals, int vOff, int[] idx, int pFrom, int pTo, int scale, float[] src, int base,
                                float[] dst, int d, float beta, float init) {
        FloatVector a0 = start(dst, d, beta, init), a1 = start(dst, d + L, beta, init);
        FloatVector a2 = start(dst, d + 2 * L, beta, init), a3 = start(dst, d + 3 * L, beta, init);
        for (int p = pFrom; p < pTo; p++) {
            int s = base + idx[p] * scale;
            FloatVector v = FloatVector.broadcast(SP, vals[vOff + p]);
            a0 = FloatVector.fromArray(SP, src, s).fma(v, a0);
            a1 = FloatVector.fromArray(SP, src, s + L).fma(v, a1);
            a2 = FloatVector.fromArray(SP, src, s + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(SP, src, s + 3 * L).fma(v, a3);
        }
        a0.intoArray(dst, d);
        a1.intoArray(dst, d + L);
        a2.intoArray(dst, d + 2 * L);
        a3.intoArray(dst, d + 3 * L);
    }

    private static void gather1(float[] vals, int vOff, int[] idx, int pFrom, int pTo, int scale, float[] src, int base,
                                float[] dst, int d, float beta, float init) {
        FloatVector a = start(dst, d, beta, init);
        for (int p = pFrom; p < pTo; p++) {
            a = FloatVector.fromArray(SP, src, base + idx[p] * scale).fma(FloatVector.broadcast(SP, vals[vOff + p]), a);
        }
        a.intoArray(dst, d);
    }

    /**
     * {@code out[o + p] = sum_c a[aBase + c] * b[bBase + idx[p] * scale + c]} over {@code c in [0, n)} for each
     * {@code p in [pFrom, pTo)} (SDDMM: {@code a} = one row of dY held in registers, {@code b} = X).
     */
    static void dotRow(int[] idx, int pFrom, int pTo, int scale, float[] a, int aBase, float[] b, int bBase,
                       float[] out, int o, int n) {
        int c = 0;
        boolean add = false;
        for (; c + B8 <= n; c += B8) {
            if (QUADS) dot8Quads(idx, pFrom, pTo, scale, a, aBase + c, b, bBase + c, out, o, add);
            else dot8(idx, pFrom, pTo, scale, a, aBase + c, b, bBase + c, out, o, add);
            add = true;
        }
        int nv = (n - c) / L;
        if (nv > 0) {
            dotVectors(idx, pFrom, pTo, scale, a, aBase + c, b, bBase + c, out, o, nv, add);
            c += nv * L;
            add = true;
        }
        if (c < n) ScalarSparseMatmul.dotColumns(idx, pFrom, pTo, scale, a, aBase, b, bBase, out, o, c, n, add);
    }

    /** {@link LaneSums#sum4} needs at least 4 lanes (every x86 and NEON species has them). */
    private static final boolean QUADS = L >= 4 && L <= 16;
    private static final int G = LaneSums.GROUP;

    /**
     * {@link #dot8} four nonzeros at a time, each product in two chains of four FMAs (eight independent chains hide
     * the FMA latency behind the loads), the four sums finished together by {@link LaneSums#sum4}, a third of the
     * shuffles of four separate reductions. Takes every nonzero of the row.
     */
    private static void dot8Quads(int[] idx, int pFrom, int pTo, int scale, float[] a, int aBase, float[] b, int bBase,
                                 float[] out, int o, boolean add) {
        FloatVector d0 = FloatVector.fromArray(SP, a, aBase), d1 = FloatVector.fromArray(SP, a, aBase + L);
        FloatVector d2 = FloatVector.fromArray(SP, a, aBase + 2 * L), d3 = FloatVector.fromArray(SP, a, aBase + 3 * L);
        FloatVector d4 = FloatVector.fromArray(SP, a, aBase + 4 * L), d5 = FloatVector.fromArray(SP, a, aBase + 5 * L);
        FloatVector d6 = FloatVector.fromArray(SP, a, aBase + 6 * L), d7 = FloatVector.fromArray(SP, a, aBase + 7 * L);
        int p = pFrom, last = pTo - 1;
        for (; p < pTo; p += 4) {
            // a last partial quad repeats the row's last nonzero in its empty slots (L1 hits) and stores only the
            // real sums: cheaper than a full reduction per leftover nonzero, and the same bits (sum4 adds each
            // vector's lanes in LaneSums.sum's order)
            int s = bBase + idx[p] * scale, t = bBase + idx[Math.min(p + 1, last)] * scale;
            int u = bBase + idx[Math.min(p + 2, last)] * scale, w = bBase + idx[Math.min(p + 3, last)] * scale;
            FloatVector s0 = FloatVector.fromArray(SP, b, s).mul(d0), s1 = FloatVector.fromArray(SP, b, s + L).mul(d1);
            FloatVector t0 = FloatVector.fromArray(SP, b, t).mul(d0), t1 = FloatVector.fromArray(SP, b, t + L).mul(d1);
            FloatVector u0 = FloatVector.fromArray(SP, b, u).mul(d0), u1 = FloatVector.fromArray(SP, b, u + L).mul(d1);
            FloatVector w0 = FloatVector.fromArray(SP, b, w).mul(d0), w1 = FloatVector.fromArray(SP, b, w + L).mul(d1);
            s0 = FloatVector.fromArray(SP, b, s + 2 * L).fma(d2, s0);
            s1 = FloatVector.fromArray(SP, b, s + 3 * L).fma(d3, s1);
            t0 = FloatVector.fromArray(SP, b, t + 2 * L).fma(d2, t0);
            t1 = FloatVector.fromArray(SP, b, t + 3 * L).fma(d3, t1);
            u0 = FloatVector.fromArray(SP, b, u + 2 * L).fma(d2, u0);
            u1 = FloatVector.fromArray(SP, b, u + 3 * L).fma(d3, u1);
            w0 = FloatVector.fromArray(SP, b, w + 2 * L).fma(d2, w0);
            w1 = FloatVector.fromArray(SP, b, w + 3 * L).fma(d3, w1);
            s0 = FloatVector.fromArray(SP, b, s + 4 * L).fma(d4, s0);
            s1 = FloatVector.fromArray(SP, b, s + 5 * L).fma(d5, s1);
            t0 = FloatVector.fromArray(SP, b, t + 4 * L).fma(d4, t0);
            t1 = FloatVector.fromArray(SP, b, t + 5 * L).fma(d5, t1);
            u0 = FloatVector.fromArray(SP, b, u + 4 * L).fma(d4, u0);
            u1 = FloatVector.fromArray(SP, b, u + 5 * L).fma(d5, u1);
            w0 = FloatVector.fromArray(SP, b, w + 4 * L).fma(d4, w0);
            w1 = FloatVector.fromArray(SP, b, w + 5 * L).fma(d5, w1);
            s0 = FloatVector.fromArray(SP, b, s + 6 * L).fma(d6, s0);
            s1 = FloatVector.fromArray(SP, b, s + 7 * L).fma(d7, s1);
            t0 = FloatVector.fromArray(SP, b, t + 6 * L).fma(d6, t0);
            t1 = FloatVector.fromArray(SP, b, t + 7 * L).fma(d7, t1);
            u0 = FloatVector.fromArray(SP, b, u + 6 * L).fma(d6, u0);
            u1 = FloatVector.fromArray(SP, b, u + 7 * L).fma(d7, u1);
            w0 = FloatVector.fromArray(SP, b, w + 6 * L).fma(d6, w0);
            w1 = FloatVector.fromArray(SP, b, w + 7 * L).fma(d7, w1);
            // LaneSums.sum4 written out (see there why it is not called)
            s0 = s0.add(s1);
            t0 = t0.add(t1);
            u0 = u0.add(u1);
            w0 = w0.add(w1);
            FloatVector ab = s0.rearrange(LaneSums.LOW_HALVES, t0).add(s0.rearrange(LaneSums.HIGH_HALVES, t0));
            FloatVector cd = u0.rearrange(LaneSums.LOW_HALVES, w0).add(u0.rearrange(LaneSums.HIGH_HALVES, w0));
            FloatVector q = ab.rearrange(LaneSums.LOW_QUARTERS, cd).add(ab.rearrange(LaneSums.HIGH_QUARTERS, cd));
            if (LaneSums.GROUP_STEP_1) q = q.add(q.rearrange(LaneSums.GROUP_HALF_1));
            if (LaneSums.GROUP_STEP_2) q = q.add(q.rearrange(LaneSums.GROUP_HALF_2));
            float r0 = q.lane(0), r1 = q.lane(G), r2 = q.lane(2 * G), r3 = q.lane(3 * G);
            int at = o + p;
            out[at] = add ? out[at] + r0 : r0;
            if (p + 3 < pTo) {
                out[at + 1] = add ? out[at + 1] + r1 : r1;
                out[at + 2] = add ? out[at + 2] + r2 : r2;
                out[at + 3] = add ? out[at + 3] + r3 : r3;
            } else {
                if (p + 1 < pTo) out[at + 1] = add ? out[at + 1] + r1 : r1;
                if (p + 2 < pTo) out[at + 2] = add ? out[at + 2] + r2 : r2;
            }
        }
    }

    /**
     * 8 vectors of the a-row in registers; two nonzeros in flight with two chains each, a tree-add and one
     * {@code reduceLanes} per nonzero (pitfall P7). For species that {@link #dot8Quads} cannot serve (fewer than 4 or
     * more than 16 lanes).
     */
    private static void dot8(int[] idx, int pFrom, int pTo, int scale, float[] a, int aBase, float[] b, int bBase,
                             float[] out, int o, boolean add) {
        FloatVector d0 = FloatVector.fromArray(SP, a, aBase), d1 = FloatVector.fromArray(SP, a, aBase + L);
        FloatVector d2 = FloatVector.fromArray(SP, a, aBase + 2 * L), d3 = FloatVector.fromArray(SP, a, aBase + 3 * L);
        FloatVector d4 = FloatVector.fromArray(SP, a, aBase + 4 * L), d5 = FloatVector.fromArray(SP, a, aBase + 5 * L);
        FloatVector d6 = FloatVector.fromArray(SP, a, aBase + 6 * L), d7 = FloatVector.fromArray(SP, a, aBase + 7 * L);
        int p = pFrom;
        for (; p + 1 < pTo; p += 2) {
            int s = bBase + idx[p] * scale, t = bBase + idx[p + 1] * scale;
            FloatVector s0 = FloatVector.fromArray(SP, b, s).mul(d0);
            FloatVector s1 = FloatVector.fromArray(SP, b, s + L).mul(d1);
            FloatVector t0 = FloatVector.fromArray(SP, b, t).mul(d0);
            FloatVector t1 = FloatVector.fromArray(SP, b, t + L).mul(d1);
            s0 = FloatVector.fromArray(SP, b, s + 2 * L).fma(d2, s0);
            s1 = FloatVector.fromArray(SP, b, s + 3 * L).fma(d3, s1);
            t0 = FloatVector.fromArray(SP, b, t + 2 * L).fma(d2, t0);
            t1 = FloatVector.fromArray(SP, b, t + 3 * L).fma(d3, t1);
            s0 = FloatVector.fromArray(SP, b, s + 4 * L).fma(d4, s0);
            s1 = FloatVector.fromArray(SP, b, s + 5 * L).fma(d5, s1);
            t0 = FloatVector.fromArray(SP, b, t + 4 * L).fma(d4, t0);
            t1 = FloatVector.fromArray(SP, b, t + 5 * L).fma(d5, t1);
            s0 = FloatVector.fromArray(SP, b, s + 6 * L).fma(d6, s0);
            s1 = FloatVector.fromArray(SP, b, s + 7 * L).fma(d7, s1);
            t0 = FloatVector.fromArray(SP, b, t + 6 * L).fma(d6, t0);
            t1 = FloatVector.fromArray(SP, b, t + 7 * L).fma(d7, t1);
            float u = LaneSums.sum(s0.add(s1)), w = LaneSums.sum(t0.add(t1));
            out[o + p] = add ? out[o + p] + u : u;
            out[o + p + 1] = add ? out[o + p + 1] + w : w;
        }
        if (p < pTo) {
            int s = bBase + idx[p] * scale;
            FloatVector s0 = FloatVector.fromArray(SP, b, s).mul(d0);
            FloatVector s1 = FloatVector.fromArray(SP, b, s + L).mul(d1);
            s0 = FloatVector.fromArray(SP, b, s + 2 * L).fma(d2, s0);
            s1 = FloatVector.fromArray(SP, b, s + 3 * L).fma(d3, s1);
            s0 = FloatVector.fromArray(SP, b, s + 4 * L).fma(d4, s0);
            s1 = FloatVector.fromArray(SP, b, s + 5 * L).fma(d5, s1);
            s0 = FloatVector.fromArray(SP, b, s + 6 * L).fma(d6, s0);
            s1 = FloatVector.fromArray(SP, b, s + 7 * L).fma(d7, s1);
            float u = LaneSums.sum(s0.add(s1));
            out[o + p] = add ? out[o + p] + u : u;
        }
    }

    /** Fewer than 8 full vectors left: one nonzero at a time, one reduction each. */
    private static void dotVectors(int[] idx, int pFrom, int pTo, int scale, float[] a, int aBase, float[] b, int bBase,
                                   float[] out, int o, int nv, boolean add) {
        for (int p = pFrom; p < pTo; p++) {
            int s = bBase + idx[p] * scale;
            FloatVector acc = FloatVector.zero(SP);
            for (int v = 0; v < nv * L; v += L) {
                acc = FloatVector.fromArray(SP, b, s + v).fma(FloatVector.fromArray(SP, a, aBase + v), acc);
            }
            float u = LaneSums.sum(acc);
            out[o + p] = add ? out[o + p] + u : u;
        }
    }

    /**
     * {@code dst[d0 + idx[p] * scale + c] += vals[p] * a[aBase + c]} for every nonzero and {@code c in [0, n)}:
     * the CSR-scatter form of {@code Wᵀ·dY}, the a-row held in registers (load + FMA + store per element).
     */
    static void scatterRow(float[] vals, int[] idx, int pFrom, int pTo, int scale, float[] a, int aBase,
                           float[] dst, int d0, int n) {
        int c = 0;
        for (; c + B8 <= n; c += B8) scatter8(vals, idx, pFrom, pTo, scale, a, aBase + c, dst, d0 + c);
        for (; c + L <= n; c += L) scatter1(vals, idx, pFrom, pTo, scale, a, aBase + c, dst, d0 + c);
        if (c < n) ScalarSparseMatmul.scatterColumns(vals, idx, pFrom, pTo, scale, a, aBase, dst, d0, c, n);
    }

    private static void scatter8(float[] vals, int[] idx, int pFrom, int pTo, int scale, float[] a, int aBase,
                                 float[] dst, int d0) {
        FloatVector g0 = FloatVector.fromArray(SP, a, aBase), g1 = FloatVector.fromArray(SP, a, aBase + L);
        FloatVector g2 = FloatVector.fromArray(SP, a, aBase + 2 * L), g3 = FloatVector.fromArray(SP, a, aBase + 3 * L);
        FloatVector g4 = FloatVector.fromArray(SP, a, aBase + 4 * L), g5 = FloatVector.fromArray(SP, a, aBase + 5 * L);
        FloatVector g6 = FloatVector.fromArray(SP, a, aBase + 6 * L), g7 = FloatVector.fromArray(SP, a, aBase + 7 * L);
        for (int p = pFrom; p < pTo; p++) {
            int d = d0 + idx[p] * scale;
            FloatVector v = FloatVector.broadcast(SP, vals[p]);
            g0.fma(v, FloatVector.fromArray(SP, dst, d)).intoArray(dst, d);
            g1.fma(v, FloatVector.fromArray(SP, dst, d + L)).intoArray(dst, d + L);
            g2.fma(v, FloatVector.fromArray(SP, dst, d + 2 * L)).intoArray(dst, d + 2 * L);
            g3.fma(v, FloatVector.fromArray(SP, dst, d + 3 * L)).intoArray(dst, d + 3 * L);
            g4.fma(v, FloatVector.fromArray(SP, dst, d + 4 * L)).intoArray(dst, d + 4 * L);
            g5.fma(v, FloatVector.fromArray(SP, dst, d + 5 * L)).intoArray(dst, d + 5 * L);
            g6.fma(v, FloatVector.fromArray(SP, dst, d + 6 * L)).intoArray(dst, d + 6 * L);
            g7.fma(v, FloatVector.fromArray(SP, dst, d + 7 * L)).intoArray(dst, d + 7 * L);
        }
    }

    private static void scatter1(float[] vals, int[] idx, int pFrom, int pTo, int scale, float[] a, int aBase,
                                 float[] dst, int d0) {
        FloatVector g = FloatVector.fromArray(SP, a, aBase);
        for (int p = pFrom; p < pTo; p++) {
            int d = d0 + idx[p] * scale;
            g.fma(FloatVector.broadcast(SP, vals[p]), FloatVector.fromArray(SP, dst, d)).intoArray(dst, d);
        }
    }
}
