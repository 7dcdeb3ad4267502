package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-threaded BLIS-style SGEMM on the Vector API:
 * {@code C = alpha * op(A) * op(B) + beta * C} with leading dimensions, so a caller can hand disjoint
 * row or column blocks of one product to different threads.
 *
 * <p>Structure (loops outermost first): {@code op(B)} is packed into NR-wide, zero-padded column panels
 * ({@link #packB}; a multi-threaded caller packs it once and shares it, see {@link #gemmPackedB}); columns in
 * blocks of {@link #NC}; depth in equal blocks of at most {@link #KC}; rows in blocks of {@link #MC}; then
 * {@link #MR} × {@link #NR} register tiles: 4 rows × 4 vectors = 16 accumulators (24 spilled, performance-notes
 * P8). Plain A is read in place and a transposed A is packed per block (why: {@link #gemmPackedB}).
 *
 * <p>Every element of C gets the same sequence of floating-point operations whatever its tile or the block it
 * sits in (edge tiles run the same micro-kernel on zero-padded panels, depth blocks depend on k only), so
 * splitting C into MR-aligned row blocks or NR-aligned column blocks gives bit-identical results.
 */
public final class SimdGemm {
    private SimdGemm() {}

    private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    private static final int L = SP.length();
    /** Rows of the register tile ({@link GemmPacking#packATransposedQuads} copies MR = 4 floats as one 128-bit vector). */
    public static final int MR = 4;
    /** Columns of the register tile: 4 vectors. */
    public static final int NR = 4 * L;
    /** Depth block: the MR×KC A micro-panel stays in L1 while the KC×NR B panels stream from L2. */
    static final int KC = 256;
    /** Rows per A block (96 × 256 floats = 96 KiB, L2-resident); a transposed A is packed this many rows at a time. */
    static final int MC = 96;
    /** Columns per B block (256 × 512 floats = 512 KiB, half the L2). */
    static final int NC = Math.max(NR, (512 / NR) * NR);

    /**
     * Floats between consecutive packed transposed-A micro-panels: {@code MR * kc} plus one cache line, because
     * at kc = 256 an unskewed stride is exactly 4 KiB and the packing writes (one stream per panel) all land in
     * one L1 set; the skew took dX at W[1024×1024] from 110 to 195 GF/s.
     */
    private static int panelStrideA(int kc) {
        return MR * kc + 16;
    }

    private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[(MC / MR) * panelStrideA(KC)]);
    private static final ThreadLocal<float[]> EDGE_A = ThreadLocal.withInitial(() -> new float[MR * KC]);
    private static final ThreadLocal<float[]> EDGE_TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);
    private static final ThreadLocal<float[][]> PACKED_B = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * {@code C[m][n] = alpha * op(A) * op(B) + beta * C}; {@code A} is {@code [m][lda]} or (transA)
     * {@code [k][lda]}, {@code B} is {@code [k][ldb]} or (transB) {@code [n][ldb]}, {@code C} is {@code [m][ldc]}.
     * {@code beta == 0} never reads C (NaN there is ignored).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0 || alpha == 0f) {
            ScalarGemm.scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        // one column block of at most NC at a time, packed just before use: the buffer stays k × NC floats and
        // the packed block is still cache-warm when the tiles read it
        float[][] holder = PACKED_B.get();
        int len = packedBLength(Math.min(n, NC), k);
        if (holder[0].length < len) holder[0] = new float[len];
        float[] pb = holder[0];
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0), bCol = bOff + (transB ? j0 * ldb : j0);
            packB(transB, nc, k, b, bCol, ldb, pb, 0, panelsB(nc));
            gemmPackedB(transA, m, nc, k, alpha, a, aOff, lda, pb, beta, c, cOff + j0, ldc);
        }
    }

    /** NR-wide column panels {@code op(B)} (n columns) is packed into. */
    public static int panelsB(int n) {
        return (n + NR - 1) / NR;
    }

    /** Floats {@link #packB} needs for the whole of {@code op(B)}: every panel zero-padded to NR columns. */
    public static int packedBLength(int n, int k) {
        return panelsB(n) * NR * k;
    }

    /**
     * Equal depth blocks of at most KC: k = 784 runs as 4 × 196 rather than 3 × 256 + 16, whose short last block
     * would pay a full C-tile load/store for 16 depth steps. Depends on k only, so every partition of C sees the
     * same blocks (bit-identical results).
     */
    private static int depthBlock(int k) {
        int kBlocks = (k + KC - 1) / KC;
        return (k + kBlocks - 1) / kBlocks;
    }

    /**
     * Packs the column panels {@code [s0, s1)} of {@code op(B)} ({@code k × n}), all depth blocks, into
     * {@code pb}: depth block {@code p0} starts at {@code p0 * panelsB(n) * NR}, its panel {@code s} is the
     * {@code kc × NR} run at {@code s * NR * kc} inside it. Disjoint panel ranges touch disjoint parts of pb, so
     * threads can pack one shared B cooperatively.
     */
    public static void packB(boolean transB, int n, int k, float[] b, int bOff, int ldb, float[] pb, int s0, int s1) {
        int kcMax = depthBlock(k), nPad = panelsB(n) * NR;
        int j0 = s0 * NR, nc = Math.min(n, s1 * NR) - j0;
        if (nc <= 0) return;
        for (int p0 = 0; p0 < k; p0 += kcMax) {
            int kc = Math.min(kcMax, k - p0);
            int dst = p0 * nPad + s0 * NR * kc;
            if (transB) GemmPacking.packBTransposed(b, bOff, ldb, p0, kc, j0, nc, NR, pb, dst);
            else GemmPacking.packB(b, bOff, ldb, p0, kc, j0, nc, NR, pb, dst);
        }
    }

    /**
     * {@link #gemm} with {@code op(B)} already packed by {@link #packB}.
     *
     * <p>Plain A is read in place: a micro-panel is MR row streams the broadcasts consume directly. Packing it
     * (BLIS) cost 20 % at n = 128, where each packed element is reused by only n / NR = 2 tiles. A transposed
     * A is packed, with one 128-bit copy per depth step and panel, because reading it in place strides by
     * {@code lda} per depth step (4 KiB at 1024: L1 and L2 set conflicts, 74 % of peak instead of 81 %).
     * A last partial panel is always copied, zero-padded, so the kernel never reads past the rows of A.
     */
    public static void gemmPackedB(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                   float[] pb, float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0 || alpha == 0f) {
            ScalarGemm.scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        float[] pa = transA ? PACKED_A.get() : null, edgeA = EDGE_A.get(), edge = EDGE_TILE.get();
        int kcMax = depthBlock(k), nPad = panelsB(n) * NR;
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += kcMax) {
                int kc = Math.min(kcMax, k - p0);
                // the first depth block applies the caller's beta; later ones accumulate
                float betaBlock = p0 == 0 ? beta : 1f;
                int blockB = p0 * nPad;
                for (int i0 = 0; i0 < m; i0 += MC) {
                    int mc = Math.min(MC, m - i0), full = (mc / MR) * MR;
                    if (transA) {
                        GemmPacking.packATransposedQuads(a, aOff, lda, i0, full / MR, p0, kc, pa, panelStrideA(kc));
                    }
                    if (full < mc) {
                        if (transA) GemmPacking.packATransposed(a, aOff, lda, i0 + full, mc - full, p0, kc, MR, edgeA);
                        else GemmPacking.packA(a, aOff, lda, i0 + full, mc - full, p0, kc, MR, edgeA);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bPanel = blockB + ((j0 + jr) / NR) * NR * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            float[] src;
                            int ai, rs, ps;
                            if (mr < MR) {
                                src = edgeA; ai = 0; rs = 1; ps = MR;
                            } else if (transA) {
                                src = pa; ai = (ir / MR) * panelStrideA(kc); rs = 1; ps = MR;
                            } else {
                                src = a; ai = aOff + (i0 + ir) * lda + p0; rs = lda; ps = 1;
                            }
                            int cTile = cOff + (i0 + ir) * ldc + j0 + jr;
                            if (mr == MR && nr == NR) {
                                microKernel(kc, src, ai, rs, ps, pb, bPanel, alpha, betaBlock, c, cTile, ldc);
                            } else {
                                microKernel(kc, src, ai, rs, ps, pb, bPanel, 1f, 0f, edge, 0, NR);
                                mergeEdge(mr, nr, edge, alpha, betaBlock, c, cTile, ldc);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The register tile: 16 accumulators (4 rows × 4 vectors) fed by one broadcast of A and 4 loads of B per
     * depth step; {@code C_tile = alpha * acc + beta * C_tile} on the way out (plain mul/add, not fma, so the
     * scalar edge merge computes exactly the same values).
     */
    private static void microKernel(int kc, float[] pa, int aOff, int rs, int ps, float[] pb, int bOff,
                                    float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(SP), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(SP, pb, bi);
            FloatVector b1 = FloatVector.fromArray(SP, pb, bi + L);
            FloatVector b2 = FloatVector.fromArray(SP, pb, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(SP, pb, bi + 3 * L);
            int ai = aOff + p * ps;
            FloatVector a0 = FloatVector.broadcast(SP, pa[ai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(SP, pa[ai + rs]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(SP, pa[ai + 2 * rs]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(SP, pa[ai + 3 * rs]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
        }
        // Stores written out by hand: helper methods taking vectors hit C2's NodeCountInliningCutoff, and a
        // vector passed to a method that is not inlined gets boxed (10x slower).
        int o0 = cOff, o1 = cOff + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, o0);
            c01.mul(alpha).intoArray(c, o0 + L);
            c02.mul(alpha).intoArray(c, o0 + 2 * L);
            c03.mul(alpha).intoArray(c, o0 + 3 * L);
            c10.mul(alpha).intoArray(c, o1);
            c11.mul(alpha).intoArray(c, o1 + L);
            c12.mul(alpha).intoArray(c, o1 + 2 * L);
            c13.mul(alpha).intoArray(c, o1 + 3 * L);
            c20.mul(alpha).intoArray(c, o2);
            c21.mul(alpha).intoArray(c, o2 + L);
            c22.mul(alpha).intoArray(c, o2 + 2 * L);
            c23.mul(alpha).intoArray(c, o2 + 3 * L);
            c30.mul(alpha).intoArray(c, o3);
            c31.mul(alpha).intoArray(c, o3 + L);
            c32.mul(alpha).intoArray(c, o3 + 2 * L);
            c33.mul(alpha).intoArray(c, o3 + 3 * L);
        } else {
            c00.mul(alpha).add(FloatVector.fromArray(SP, c, o0).mul(beta)).intoArray(c, o0);
            c01.mul(alpha).add(FloatVector.fromArray(SP, c, o0 + L).mul(beta)).intoArray(c, o0 + L);
            c02.mul(alpha).add(FloatVector.fromArray(SP, c, o0 + 2 * L).mul(beta)).intoArray(c, o0 + 2 * L);
            c03.mul(alpha).add(FloatVector.fromArray(SP, c, o0 + 3 * L).mul(beta)).intoArray(c, o0 + 3 * L);
            c10.mul(alpha).add(FloatVector.fromArray(SP, c, o1).mul(beta)).intoArray(c, o1);
            c11.mul(alpha).add(FloatVector.fromArray(SP, c, o1 + L).mul(beta)).intoArray(c, o1 + L);
            c12.mul(alpha).add(FloatVector.fromArray(SP, c, o1 + 2 * L).mul(beta)).intoArray(c, o1 + 2 * L);
            c13.mul(alpha).add(FloatVector.fromArray(SP, c, o1 + 3 * L).mul(beta)).intoArray(c, o1 + 3 * L);
            c20.mul(alpha).add(FloatVector.fromArray(SP, c, o2).mul(beta)).intoArray(c, o2);
            c21.mul(alpha).add(FloatVector.fromArray(SP, c, o2 + L).mul(beta)).intoArray(c, o2 + L);
            c22.mul(alpha).add(FloatVector.fromArray(SP, c, o2 + 2 * L).mul(beta)).intoArray(c, o2 + 2 * L);
            c23.mul(alpha).add(FloatVector.fromArray(SP, c, o2 + 3 * L).mul(beta)).intoArray(c, o2 + 3 * L);
            c30.mul(alpha).add(FloatVector.fromArray(SP, c, o3).mul(beta)).intoArray(c, o3);
            c31.mul(alpha).add(FloatVector.fromArray(SP, c, o3 + L).mul(beta)).intoArray(c, o3 + L);
            c32.mul(alpha).add(FloatVector.fromArray(SP, c, o3 + 2 * L).mul(beta)).intoArray(c, o3 + 2 * L);
            c33.mul(alpha).add(FloatVector.fromArray(SP, c, o3 + 3 * L).mul(beta)).intoArray(c, o3 + 3 * L);
        }
    }

    /** Writes the valid {@code mr × nr} corner of a full tile computed into {@code tile} (alpha 1, beta 0). */
    private static void mergeEdge(int mr, int nr, float[] tile, float alpha, float beta, float[] c, int cOff, int ldc) {
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                int ci = cOff + r * ldc + j;
                float v = tile[r * NR + j] * alpha;
                c[ci] = beta != 0f ? v + c[ci] * beta : v;
            }
        }
    }
}
