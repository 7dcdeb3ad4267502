package org.sparsetrain.kernels.cpu.sparse;

import java.util.BitSet;

/**
 * A sparse {@code [rows][cols]} weight in compressed sparse row form: row i's active positions are
 * {@code colIdx[rowPtr[i] .. rowPtr[i+1])} (ascending) with their values at the same indices of {@code values}.
 * Only active positions are stored, so memory is proportional to the density (design section 3). A conv weight
 * {@code [Co][Ci][kH][kW]} is the matrix {@code [Co][Ci*kH*kW]} ({@link #fromConv}).
 *
 * <p>The structure (row pointers, column indices) is immutable; {@link #values()} is the live array an optimizer
 * updates in place. The transposed index ({@link #transposed()}) is built with the matrix; after changing the values
 * call {@link #refreshTransposedValues()} (O(nnz)) before running a kernel on the transposed copy. A new topology
 * is a new matrix.
 */
public final class CsrMatrix {
    private final int rows, cols;
    private final int[] rowPtr, colIdx;
    private final float[] values;
    private final CscIndex transposed;

    private CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
        this.transposed = CscIndex.of(rows, cols, rowPtr, colIdx, values);
    }

    /**
     * Wraps (does not copy) a CSR structure after checking it: {@code rowPtr} has {@code rows + 1} non-decreasing
     * entries from 0 to nnz, column indices are inside {@code [0, cols)} and strictly ascending within each row,
     * {@code colIdx} and {@code values} have nnz entries.
     */
    public static CsrMatrix of(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
        checkDims("CsrMatrix.of", rows, cols);
        if (rowPtr == null || colIdx == null || values == null) {
            throw new IllegalArgumentException("CsrMatrix.of: rowPtr, colIdx and values must not be null");
        }
        if (rowPtr.length != rows + 1) {
            throw new IllegalArgumentException("CsrMatrix.of: rowPtr has length " + rowPtr.length + ", expected rows + 1 = "
                    + (rows + 1));
        }
        if (rowPtr[0] != 0) throw new IllegalArgumentException("CsrMatrix.of: rowPtr[0] is " + rowPtr[0] + ", expected 0");
        int nnz = rowPtr[rows];
        if (colIdx.length != nnz || values.length != nnz) {
            throw new IllegalArgumentException("CsrMatrix.of: rowPtr[rows] = " + nnz + " nonzeros but colIdx has "
                    + colIdx.length + " and values " + values.length);
        }
        // monotone from 0 to nnz first, so the column loop below stays inside colIdx
        for (int r = 0; r < rows; r++) {
            if (rowPtr[r + 1] < rowPtr[r]) {
                throw new IllegalArgumentException("CsrMatrix.of: rowPtr decreases at row " + r + " (" + rowPtr[r]
                        + " -> " + rowPtr[r + 1] + ")");
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                int c = colIdx[p];
                if (c < 0 || c >= cols) {
                    throw new IllegalArgumentException("CsrMatrix.of: column index " + c + " at row " + r
                            + " is outside [0, " + cols + ")");
                }
                if (p > rowPtr[r] && c <= colIdx[p - 1]) {
                    throw new IllegalArgumentException("CsrMatrix.of: column indices of row " + r
                            + " are not strictly ascending (" + colIdx[p - 1] + " then " + c + ")");
                }
            }
        }
        return new CsrMatrix(rows, cols, rowPtr, colIdx, values);
    }

    /** The positions where {@code mask[i*cols + j]} is true, with values {@code w[i*cols + j]} (copied). */
    public static CsrMatrix fromDense(float[] w, boolean[] mask, int rows, int cols) {
        checkDims("CsrMatrix.fromDense", rows, cols);
        checkLength("CsrMatrix.fromDense", "w", w == null ? -1 : w.length, rows, cols);
        checkLength("CsrMatrix.fromDense", "mask", mask == null ? -1 : mask.length, rows, cols);
        BitSet bits = new BitSet(rows * cols);
        for (int i = 0; i < mask.length; i++) if (mask[i]) bits.set(i);
        return build(w, bits, rows, cols);
    }

    /** The positions whose bit {@code i*cols + j} is set, with values {@code w[i*cols + j]} (copied). */
    public static CsrMatrix fromDense(float[] w, BitSet mask, int rows, int cols) {
        checkDims("CsrMatrix.fromDense", rows, cols);
        checkLength("CsrMatrix.fromDense", "w", w == null ? -1 : w.length, rows, cols);
        if (mask == null) throw new IllegalArgumentException("CsrMatrix.fromDense: mask is null");
        if (mask.length() > rows * cols) {
            throw new IllegalArgumentException("CsrMatrix.fromDense: mask has bit " + (mask.length() - 1)
                    + " set, outside the " + rows + "x" + cols + " matrix");
        }
        return build(w, mask, rows, cols);
    }

    /** A conv weight {@code [co][ci][kh][kw]} (PyTorch order) and its mask, as the matrix {@code [co][ci*kh*kw]}. */
    public static CsrMatrix fromConv(float[] w, boolean[] mask, int co, int ci, int kh, int kw) {
        if (ci <= 0 || kh <= 0 || kw <= 0) {
            throw new IllegalArgumentException("CsrMatrix.fromConv: ci, kh, kw must be > 0, got " + ci + ", " + kh
                    + ", " + kw);
        }
        return fromDense(w, mask, co, ci * kh * kw);
    }

    private static CsrMatrix build(float[] w, BitSet mask, int rows, int cols) {
        int nnz = mask.cardinality();
        int[] rowPtr = new int[rows + 1], colIdx = new int[nnz];
        float[] values = new float[nnz];
        int p = 0;
        for (int r = 0; r < rows; r++) {
            int rowStart = r * cols, rowEnd = rowStart + cols;
            for (int i = mask.nextSetBit(rowStart); i >= 0 && i < rowEnd; i = mask.nextSetBit(i + 1)) {
                colIdx[p] = i - rowStart;
                values[p++] = w[i];
            }
            rowPtr[r + 1] = p;
        }
        return new CsrMatrix(rows, cols, rowPtr, colIdx, values);
    }

    private static void checkDims(String op, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(op + ": shape must be positive, got " + rows + "x" + cols);
        }
        if ((long) rows * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": shape " + rows + "x" + cols + " exceeds 2^31 positions");
        }
    }

    private static void checkLength(String op, String name, int length, int rows, int cols) {
        if (length != rows * cols) {
            throw new IllegalArgumentException(op + ": " + name + " has length " + (length < 0 ? "null" : length)
                    + ", expected " + rows + "x" + cols + " = " + rows * cols);
        }
    }

    /** Copies the current values into the transposed index: call after the values changed. O(nnz). */
    public void refreshTransposedValues() { transposed.refresh(values); }

    /** The dense {@code [rows][cols]} matrix with zeros at inactive positions (for tests and the dense fallback). */
    public float[] toDense() {
        float[] d = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) d[r * cols + colIdx[p]] = values[p];
        }
        return d;
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    public int nnz() { return colIdx.length; }
    /** Active fraction of the positions. */
    public double density() { return (double) colIdx.length / ((double) rows * cols); }
    /** {@code rows + 1} offsets into {@link #colIdx()} and {@link #values()}. Not to be modified. */
    public int[] rowPtr() { return rowPtr; }
    /** Column of each nonzero, ascending within a row. Not to be modified. */
    public int[] colIdx() { return colIdx; }
    /** The live values: an optimizer may update them in place (then {@link #refreshTransposedValues()}). */
    public float[] values() { return values; }
    /** The transposed index (CSC), values as of the last refresh. */
    public CscIndex transposed() { return transposed; }
}
