package org.sparsetrain.kernels.cpu.sparse;

import java.util.Arrays;

/**
 * The transposed copy of a {@link CsrMatrix}'s index: the CSR of {@code Wᵀ} ({@code [cols][rows]}), so the input
 * gradient {@code dX = Wᵀ·dY} runs through the same register-tile kernel as the forward pass (measured faster than
 * scattering from the CSR, performance-notes section 2).
 *
 * <p>{@code colPtr} and {@code rowIdx} share nothing with the CSR arrays; {@code valuesT[q] = values[perm[q]]}. The
 * structure is built once per topology (O(nnz + cols), a counting sort); after each optimizer step only the values
 * move, which {@link #refresh(float[])} copies in O(nnz). Within a column, row indices are ascending.
 */
public final class CscIndex {
    private final int rows, cols;
    private final int[] colPtr, rowIdx, perm;
    private final float[] valuesT;

    private CscIndex(int rows, int cols, int[] colPtr, int[] rowIdx, int[] perm, float[] valuesT) {
        this.rows = rows;
        this.cols = cols;
        this.colPtr = colPtr;
        this.rowIdx = rowIdx;
        this.perm = perm;
        this.valuesT = valuesT;
    }

    /** Transposes a validated CSR structure and copies its values. */
    static CscIndex of(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
        int nnz = rowPtr[rows];
        int[] colPtr = new int[cols + 1];
        for (int p = 0; p < nnz; p++) colPtr[colIdx[p] + 1]++;
        for (int c = 0; c < cols; c++) colPtr[c + 1] += colPtr[c];
        int[] next = Arrays.copyOf(colPtr, cols);
        int[] rowIdx = new int[nnz], perm = new int[nnz];
        // rows in ascending order, so each column's rows come out ascending
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                int q = next[colIdx[p]]++;
                rowIdx[q] = r;
                perm[q] = p;
            }
        }
        CscIndex csc = new CscIndex(rows, cols, colPtr, rowIdx, perm, new float[nnz]);
        csc.refresh(values);
        return csc;
    }

    /** {@code valuesT[q] = values[perm[q]]} for every q: call after the CSR values changed. */
    public void refresh(float[] values) {
        if (values.length != perm.length) {
            throw new IllegalArgumentException("CscIndex.refresh: values has length " + values.length
                    + " but the index has " + perm.length + " nonzeros");
        }
        for (int q = 0; q < perm.length; q++) valuesT[q] = values[perm[q]];
    }

    /** Rows of the original matrix (columns of the transposed one). */
    public int rows() { return rows; }
    /** Columns of the original matrix (rows of the transposed one). */
    public int cols() { return cols; }
    public int nnz() { return perm.length; }

    /** {@code cols + 1} offsets: column c's entries are {@code [colPtr[c], colPtr[c+1])}. Not to be modified. */
    public int[] colPtr() { return colPtr; }
    /** Original row of each entry. Not to be modified. */
    public int[] rowIdx() { return rowIdx; }
    /** Index into the CSR values of each entry. Not to be modified. */
    public int[] perm() { return perm; }
    /** Values in column order, as of the last {@link #refresh}. */
    public float[] valuesT() { return valuesT; }
}
