package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies blocks of the GEMM operands into the contiguous, zero-padded panels the micro-kernel streams
 * (BLIS layout). Each orientation has its own loop order so that the <em>source</em> is read along its
 * contiguous dimension: packing a transposed operand with the stride on the inner loop made {@code Wᵀ·dY}
 * about 2x slower in the probes (performance-notes P11).
 *
 * <p>A-panels: rows {@code [i0, i0+mc)} × depth {@code [p0, p0+kc)} of {@code op(A)} become {@code ceil(mc/MR)}
 * micro-panels, each {@code kc × MR} with {@code dst[t*MR*kc + p*MR + r] = op(A)[i0+t*MR+r][p0+p]}.
 * B-panels: depth × columns {@code [j0, j0+nc)} of {@code op(B)} become {@code ceil(nc/NR)} micro-panels, each
 * {@code kc × NR} with {@code dst[s*NR*kc + p*NR + j] = op(B)[p0+p][j0+s*NR+j]}. Rows/columns past the edge are 0.
 */
final class GemmPacking {
    private GemmPacking() {}

    /** One depth step of a 4-row micro-panel of a transposed A: 4 contiguous source floats, one 128-bit copy. */
    private static final VectorSpecies<Float> QUAD = FloatVector.SPECIES_128;
    /** The micro-kernel's vector: a transposed-B panel row is gathered LANES floats at a time. */
    private static final VectorSpecies<Float> WIDE = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = WIDE.length();

    /** Rows handled together when packing a transposed A: one 64-byte source line per depth step. */
    private static final int TRANS_A_ROW_BLOCK = 16;

    /** {@code op(A) = A}, stored {@code [m][lda]}: each of the MR source rows is read contiguously. */
    static void packA(float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, int mr, float[] dst) {
        for (int t = 0; t * mr < mc; t++) {
            int base = t * mr * kc;
            for (int r = 0; r < mr; r++) {
                int row = t * mr + r;
                if (row < mc) {
                    int src = aOff + (i0 + row) * lda + p0;
                    for (int p = 0; p < kc; p++) dst[base + p * mr + r] = a[src + p];
                } else {
                    for (int p = 0; p < kc; p++) dst[base + p * mr + r] = 0f;
                }
            }
        }
    }

    /**
     * {@code op(A) = Aᵀ}, A stored {@code [k][lda]}: op(A)[i][p] = a[p*lda + i]. The source is read as
     * 16-float row segments (a cache line), each scattered to 16/MR micro-panels.
     */
    static void packATransposed(float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, int mr, float[] dst) {
        int panels = (mc + mr - 1) / mr;
        for (int ib = 0; ib < mc; ib += TRANS_A_ROW_BLOCK) {
            int ie = Math.min(mc, ib + TRANS_A_ROW_BLOCK);
            for (int p = 0; p < kc; p++) {
                int src = aOff + (p0 + p) * lda + i0;
                // i is a multiple of mr, so its micro-panel starts at (i / mr) * mr * kc = i * kc
                for (int i = ib; i < ie; i += mr) {
                    int d = i * kc + p * mr, rows = Math.min(mr, ie - i);
                    for (int r = 0; r < rows; r++) dst[d + r] = a[src + i + r];
                }
            }
        }
        // zero the padding rows of the last micro-panel
        for (int i = mc; i < panels * mr; i++) {
            int base = (i / mr) * mr * kc + (i % mr);
            for (int p = 0; p < kc; p++) dst[base + p * mr] = 0f;
        }
    }

    /**
     * {@code op(A) = Aᵀ}, full 4-row micro-panels only ({@code panels * 4} rows from {@code i0}): row segment
     * {@code p} of A holds depth step {@code p} of every panel as 4 contiguous floats, so each is one 128-bit
     * load and store, with no per-element index work.
     */
    static void packATransposedQuads(float[] a, int aOff, int lda, int i0, int panels, int p0, int kc,
                                     float[] dst, int panelStride) {
        for (int p = 0; p < kc; p++) {
            int src = aOff + (p0 + p) * lda + i0;
            for (int t = 0, d = p * 4; t < panels; t++, d += panelStride) {
                FloatVector.fromArray(QUAD, a, src + 4 * t).intoArray(dst, d);
            }
        }
    }

    /** {@code op(B) = B}, stored {@code [k][ldb]}: every depth step is one contiguous copy of NR floats. */
    static void packB(float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, int nr, float[] dst, int dstOff) {
        for (int s = 0; s * nr < nc; s++) {
            int base = dstOff + s * nr * kc, cols = Math.min(nr, nc - s * nr);
            for (int p = 0; p < kc; p++) {
                int src = bOff + (p0 + p) * ldb + j0 + s * nr;
                System.arraycopy(b, src, dst, base + p * nr, cols);
                for (int j = cols; j < nr; j++) dst[base + p * nr + j] = 0f;
            }
        }
    }

    /**
     * {@code op(B) = Bᵀ}, B stored {@code [n][ldb]}: op(B)[p][j] = b[j*ldb + p]. Depth step p of LANES
     * consecutive columns is one gather (one float from each of LANES source rows), stored as one vector; the
     * 16 depth steps that share a source line follow each other, so the lines stay in L1 between gathers. The
     * blocked scalar transpose this replaces ran at about 2 floats/ns: 58 µs for the 128 × 1024 dW operand,
     * 33 µs gathered.
     */
    static void packBTransposed(float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, int nr, float[] dst,
                                int dstOff) {
        int[] rowOffsets = new int[LANES];
        for (int i = 0; i < LANES; i++) rowOffsets[i] = i * ldb;
        for (int s = 0; s * nr < nc; s++) {
            int base = dstOff + s * nr * kc, cols = Math.min(nr, nc - s * nr);
            int src = bOff + (j0 + s * nr) * ldb + p0, gathered = cols - cols % LANES;
            if (gathered > 0) gatherColumns(b, src, rowOffsets, kc, gathered, nr, dst, base);
            if (gathered == nr) continue;
            for (int p = 0; p < kc; p++) {
                int d = base + p * nr;
                for (int j = gathered; j < cols; j++) dst[d + j] = b[src + j * ldb + p];
                for (int j = cols; j < nr; j++) dst[d + j] = 0f;
            }
        }
    }

    /** The gathered columns {@code [0, cols)} of one panel, in a loop of their own. */
    private static void gatherColumns(float[] b, int src, int[] rowOffsets, int kc, int cols, int nr, float[] dst,
                                      int base) {
        int ldb = rowOffsets[1];
        for (int p = 0; p < kc; p++) {
            for (int j = 0; j < cols; j += LANES) {
                FloatVector.fromArray(WIDE, b, src + j * ldb + p, rowOffsets, 0).intoArray(dst, base + p * nr + j);
            }
        }
    }
}
