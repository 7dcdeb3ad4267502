package org.sparsetrain.engine.sparse;

import java.util.Arrays;

/**
 * Which positions of a {@code [rows][cols]} weight are active, in compressed form: the CSR index
 * ({@link #rowPtr()}, {@link #colIdx()}) and its transpose ({@link #colPtr()}, {@link #rowIdxT()}, {@link #perm()}),
 * built together once per topology. A conv weight {@code [Co][Ci][kH][kW]} is the matrix {@code [Co][Ci·kH·kW]}.
 *
 * <p>Position {@code p} of the pattern (the index into the values of a sparse parameter) is the p-th active flat
 * index in ascending order ({@link #flatIndex(int)}), i.e. row-major CSR order. The transposed index lists the
 * same positions column by column ({@code rowIdxT[q]} ascending within a column) and {@code perm[q]} says which
 * position each entry is, so the input gradient {@code dX = Wᵀ·dY} runs through the same row kernel as the forward
 * pass on {@code valuesT[q] = values[perm[q]]} (design §3: measured faster than scattering from the CSR).
 *
 * <p>Immutable: a topology change is a new pattern, and {@link #sourcesIn(SparsityPattern)} maps the positions of
 * the new one to the old one in O(nnz) so values and optimizer state move in one place. Memory is
 * {@code 12·nnz + 4·(rows + cols)} bytes; no array of the dense size is kept.
 */
public final class SparsityPattern {
    private final int rows, cols;
    private final int[] rowPtr, colIdx;
    private final int[] colPtr, rowIdxT, perm;

    private SparsityPattern(int rows, int cols, int[] rowPtr, int[] colIdx) {
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        int nnz = colIdx.length;
        // counting sort by column; rows are visited in order, so rows stay ascending within a column
        this.colPtr = new int[cols + 1];
        for (int c : colIdx) colPtr[c + 1]++;
        for (int c = 0; c < cols; c++) colPtr[c + 1] += colPtr[c];
        this.rowIdxT = new int[nnz];
        this.perm = new int[nnz];
        int[] next = Arrays.copyOf(colPtr, cols);
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                int q = next[colIdx[p]]++;
                rowIdxT[q] = r;
                perm[q] = p;
            }
        }
    }

    /** The active positions of {@code mask} (row-major, {@code rows·cols} entries). */
    public static SparsityPattern fromMask(boolean[] mask, int rows, int cols) {
        checkDims(rows, cols);
        if (mask == null || mask.length != (long) rows * cols) {
            throw new IllegalArgumentException("SparsityPattern: mask has " + (mask == null ? "null" : mask.length)
                    + " entries, expected " + rows + "x" + cols + " = " + (long) rows * cols);
        }
        int nnz = 0;
        for (boolean b : mask) if (b) nnz++;
        int[] rowPtr = new int[rows + 1], colIdx = new int[nnz];
        int p = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) if (mask[base + c]) colIdx[p++] = c;
            rowPtr[r + 1] = p;
        }
        return new SparsityPattern(rows, cols, rowPtr, colIdx);
    }

    /** The pattern whose active positions are the given flat indices (any order, no duplicates). */
    public static SparsityPattern fromFlatIndices(int[] flat, int rows, int cols) {
        checkDims(rows, cols);
        int[] sorted = flat.clone();
        Arrays.sort(sorted);
        int[] rowPtr = new int[rows + 1], colIdx = new int[sorted.length];
        for (int p = 0; p < sorted.length; p++) {
            int f = sorted[p];
            if (f < 0 || f >= rows * cols) {
                throw new IllegalArgumentException("SparsityPattern: flat index " + f + " outside the " + rows + "x"
                        + cols + " matrix");
            }
            if (p > 0 && f == sorted[p - 1]) {
                throw new IllegalArgumentException("SparsityPattern: flat index " + f + " is listed twice");
            }
            colIdx[p] = f % cols;
            rowPtr[f / cols + 1]++;
        }
        for (int r = 0; r < rows; r++) rowPtr[r + 1] += rowPtr[r];
        return new SparsityPattern(rows, cols, rowPtr, colIdx);
    }

    /**
     * Wraps a CSR structure after checking it (as read from a file): {@code rowPtr} has {@code rows + 1}
     * non-decreasing entries from 0 to nnz, column indices lie in {@code [0, cols)} and ascend strictly within a row.
     */
    public static SparsityPattern fromCsr(int rows, int cols, int[] rowPtr, int[] colIdx) {
        checkDims(rows, cols);
        if (rowPtr == null || colIdx == null) throw new IllegalArgumentException("SparsityPattern: null CSR array");
        if (rowPtr.length != rows + 1) {
            throw new IllegalArgumentException("SparsityPattern: row pointer has " + rowPtr.length + " entries, expected "
                    + (rows + 1));
        }
        if (rowPtr[0] != 0 || rowPtr[rows] != colIdx.length) {
            throw new IllegalArgumentException("SparsityPattern: row pointer must run from 0 to nnz = " + colIdx.length
                    + ", got " + rowPtr[0] + " .. " + rowPtr[rows]);
        }
        for (int r = 0; r < rows; r++) {
            if (rowPtr[r + 1] < rowPtr[r]) {
                throw new IllegalArgumentException("SparsityPattern: row pointer decreases at row " + r);
            }
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                int c = colIdx[p];
                if (c < 0 || c >= cols || (p > rowPtr[r] && c <= colIdx[p - 1])) {
                    throw new IllegalArgumentException("SparsityPattern: column index " + c + " in row " + r
                            + " is outside [0, " + cols + ") or not strictly ascending");
                }
            }
        }
        return new SparsityPattern(rows, cols, rowPtr.clone(), colIdx.clone());
    }

    /** A conv weight {@code [co][ci][kh][kw]} pattern: the matrix {@code [co][ci·kh·kw]}. */
    public static SparsityPattern fromConvMask(boolean[] mask, int co, int ciPerGroup, int kh, int kw) {
        return fromMask(mask, co, ciPerGroup * kh * kw);
    }

    private static void checkDims(int rows, int cols) {
        if (rows <= 0 || cols <= 0 || (long) rows * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("SparsityPattern: shape " + rows + "x" + cols
                    + " must be positive with at most 2^31-1 positions");
        }
    }

    // ---------------------------------------------------------------- queries

    public int rows() { return rows; }

    public int cols() { return cols; }

    public int nnz() { return colIdx.length; }

    /** Number of positions, active or not. */
    public int numel() { return rows * cols; }

    public double density() { return (double) nnz() / numel(); }

    /** Flat row-major index of position {@code p}. O(log rows). */
    public int flatIndex(int p) {
        int r = rowOf(p);
        return r * cols + colIdx[p];
    }

    /** Row of position {@code p}: the last row whose start is at or before p. */
    private int rowOf(int p) {
        if (p < 0 || p >= nnz()) throw new IndexOutOfBoundsException("position " + p + " of " + nnz());
        int lo = 0, hi = rows - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (rowPtr[mid] <= p) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** All flat indices in position order (ascending). */
    public int[] flatIndices() {
        int[] out = new int[nnz()];
        for (int r = 0; r < rows; r++) for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) out[p] = r * cols + colIdx[p];
        return out;
    }

    /** The position of flat index {@code f}, or −1 when it is inactive. O(log nnz of its row). */
    public int positionOf(int f) {
        if (f < 0 || f >= numel()) throw new IndexOutOfBoundsException("flat index " + f + " of " + rows + "x" + cols);
        int r = f / cols, c = f % cols;
        int p = Arrays.binarySearch(colIdx, rowPtr[r], rowPtr[r + 1], c);
        return p >= 0 ? p : -1;
    }

    /** The dense boolean mask (a fresh array of {@link #numel()} entries). */
    public boolean[] toMask() {
        boolean[] m = new boolean[numel()];
        for (int r = 0; r < rows; r++) for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) m[r * cols + colIdx[p]] = true;
        return m;
    }

    /**
     * For each position of this pattern, its position in {@code old}, or −1 for a position {@code old} lacks
     * (a grown connection). O(nnz + nnz(old) + rows).
     */
    public int[] sourcesIn(SparsityPattern old) {
        if (old.rows != rows || old.cols != cols) {
            throw new IllegalArgumentException("SparsityPattern: cannot map a " + rows + "x" + cols + " pattern onto a "
                    + old.rows + "x" + old.cols + " one");
        }
        int[] src = new int[nnz()];
        for (int r = 0; r < rows; r++) {
            int q = old.rowPtr[r], qEnd = old.rowPtr[r + 1];
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                int c = colIdx[p];
                while (q < qEnd && old.colIdx[q] < c) q++;
                src[p] = q < qEnd && old.colIdx[q] == c ? q : -1;
            }
        }
        return src;
    }

    /** {@code out[p] = dense[off + flatIndex(p)]}: the values of a dense weight at the active positions. */
    public void gather(float[] dense, int off, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) out[outOff + p] = dense[base + colIdx[p]];
        }
    }

    /** Double-precision {@link #gather(float[], int, float[], int)}. */
    public void gather(double[] dense, int off, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) out[outOff + p] = dense[base + colIdx[p]];
        }
    }

    /** {@code dense[off + flatIndex(p)] = values[valOff + p]}; inactive entries of {@code dense} are left as they are. */
    public void scatter(float[] values, int valOff, float[] dense, int off) {
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) dense[base + colIdx[p]] = values[valOff + p];
        }
    }

    /** Double-precision {@link #scatter(float[], int, float[], int)}. */
    public void scatter(double[] values, int valOff, double[] dense, int off) {
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) dense[base + colIdx[p]] = values[valOff + p];
        }
    }

    /** {@code rows + 1} offsets into {@link #colIdx()}. Shared, not to be modified. */
    public int[] rowPtr() { return rowPtr; }

    /** Column of each position, ascending within a row. Shared, not to be modified. */
    public int[] colIdx() { return colIdx; }

    /** {@code cols + 1} offsets of the transposed index. Shared, not to be modified. */
    public int[] colPtr() { return colPtr; }

    /** Row of each entry of the transposed index, ascending within a column. Shared, not to be modified. */
    public int[] rowIdxT() { return rowIdxT; }

    /** Position (index into the values) of each entry of the transposed index. Shared, not to be modified. */
    public int[] perm() { return perm; }

    /** Bytes held by the index arrays (for memory accounting). */
    public long indexBytes() {
        return 4L * (rowPtr.length + colIdx.length + colPtr.length + rowIdxT.length + perm.length);
    }

    @Override public String toString() {
        return "SparsityPattern[" + rows + "x" + cols + ", nnz=" + nnz() + String.format(", density=%.4f]", density());
    }
}
