package org.sparsetrain.kernels.cuda;

import org.sparsetrain.engine.tensor.Tensor;

/** Host-side checks of sparse-kernel arguments: a bad index on the device is a silent out-of-bounds access. */
final class SparseChecks {
    private SparseChecks() {}

    /** A CSR structure of {@code rows x cols} whose value array has {@code valuesLength} entries. */
    static void csr(String op, int rows, int cols, int[] rowPtr, int[] colIdx, int valuesLength) {
        if (rows < 1 || cols < 1) throw new IllegalArgumentException(op + ": matrix must be at least 1x1, got " + rows + "x" + cols);
        if (rowPtr.length != rows + 1) {
            throw new IllegalArgumentException(op + ": rowPtr has " + rowPtr.length + " entries, expected rows+1 = " + (rows + 1));
        }
        int nnz = rowPtr[rows];
        if (rowPtr[0] != 0 || nnz < 0 || colIdx.length < nnz || valuesLength < nnz) {
            throw new IllegalArgumentException(op + ": rowPtr must start at 0 and end at nnz <= colIdx.length ("
                    + colIdx.length + ") and values.length (" + valuesLength + "), got " + rowPtr[0] + ".." + nnz);
        }
        for (int r = 0; r < rows; r++) {
            if (rowPtr[r + 1] < rowPtr[r]) {
                throw new IllegalArgumentException(op + ": rowPtr decreases at row " + r + " (" + rowPtr[r] + " > " + rowPtr[r + 1] + ")");
            }
        }
        for (int p = 0; p < nnz; p++) {
            if (colIdx[p] < 0 || colIdx[p] >= cols) {
                throw new IllegalArgumentException(op + ": colIdx[" + p + "] = " + colIdx[p] + " outside [0, " + cols + ")");
            }
        }
    }

    /** A dense feature-major operand {@code [rows][n]}. */
    static void dense(String op, String name, Tensor t, int rows, int n) {
        if (t.size() != (long) rows * n) {
            throw new IllegalArgumentException(op + ": " + name + " has " + t.size() + " elements " + t.shape()
                    + ", expected [" + rows + "][" + n + "] = " + (long) rows * n);
        }
    }
}
