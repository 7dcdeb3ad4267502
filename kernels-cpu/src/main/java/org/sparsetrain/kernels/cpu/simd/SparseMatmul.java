package org.sparsetrain.kernels.cpu.simd;

/**
 * The three matmuls of a sparse linear layer on feature-major activations (batch {@code n} contiguous), vectorised
 * along the batch (design section 3, performance-notes sections 2 and 3.2). The weight {@code W [m][k]} is given as
 * CSR arrays ({@code rowPtr} of {@code m + 1} entries, ascending {@code colIdx}, {@code values}); the structure is
 * assumed valid ({@code CsrMatrix.of} checks it). Activations {@code X [k][n]}, outputs {@code Y [m][n]}.
 *
 * <ul>
 *   <li>{@link #spmm}: {@code Y = W·X (+ beta·Y)}. Its derivatives are {@code dX = Wᵀ·dY} ({@link #spmm} on the
 *       transposed index, or {@link #scatterTransposed}) and {@code dW = (dY·Xᵀ) ⊙ M} ({@link #sddmm}).</li>
 *   <li>{@link #sddmm}: the weight gradient at the active positions only, aligned with {@code values}.</li>
 *   <li>{@link #scatterTransposed}: {@code dX += Wᵀ·dY} straight from the CSR (for comparison: it stores per element,
 *       pitfall P9, and cannot be split by output rows).</li>
 * </ul>
 * Each method works on a range of CSR rows {@code [rowFrom, rowTo)} so a caller can split the rows between threads
 * (balanced by nonzeros: {@code RowPartition}); the result of a row does not depend on the split.
 * {@link ScalarSparseMatmul} is the scalar twin with the same signatures.
 */
public final class SparseMatmul {
    private SparseMatmul() {}

    /**
     * {@code Y[i][:] = beta * Y[i][:] + sum_p values[valuesOff + p] * X[colIdx[p]][:]} for rows
     * {@code i in [rowFrom, rowTo)}; {@code X} is {@code [k][n]} at {@code xOff}, {@code Y} is {@code [m][n]} at
     * {@code yOff}; {@code beta == 0} overwrites (never reads) Y. For {@code dX = Wᵀ·dY} pass the transposed index:
     * {@code m = cols, k = rows}, {@code colPtr, rowIdx, valuesT}.
     */
    public static void spmm(int m, int k, int n, int[] rowPtr, int[] colIdx, float[] values, int valuesOff,
                            float[] x, int xOff, float beta, float[] y, int yOff, int rowFrom, int rowTo) {
        spmmPlusBias(m, k, n, rowPtr, colIdx, values, valuesOff, x, xOff, beta, null, 0, y, yOff, rowFrom, rowTo);
    }

    /**
     * {@link #spmm} plus a bias per row, {@code Y[i][:] = beta * Y[i][:] + bias[biasOff + i] + (W·X)[i][:]}: the
     * bias is each row's starting value, so a linear layer's forward is one pass ({@code bias == null}: none). The
     * sum starts at {@code fma(Y, beta, bias)} and adds the products in nonzero order, as {@link ScalarSparseMatmul}.
     */
    public static void spmmPlusBias(int m, int k, int n, int[] rowPtr, int[] colIdx, float[] values, int valuesOff,
                                    float[] x, int xOff, float beta, float[] bias, int biasOff, float[] y, int yOff,
                                    int rowFrom, int rowTo) {
        checkSpmmPlusBias(m, k, n, rowPtr, values, valuesOff, x, xOff, bias, biasOff, y, yOff, rowFrom, rowTo);
        for (int i = rowFrom; i < rowTo; i++) {
            SparseRowTiles.gatherRow(values, valuesOff, colIdx, rowPtr[i], rowPtr[i + 1], n, x, xOff, y, yOff + i * n,
                    n, beta, bias == null ? 0f : bias[biasOff + i]);
        }
    }

    /**
     * {@code dX[colIdx[p]][:] += values[p] * dY[i][:]} for rows {@code i in [rowFrom, rowTo)}: accumulates into
     * {@code dX [k][n]} (the caller zeroes it). Rows of one call write overlapping dX rows, so threads must not
     * share dX.
     */
    public static void scatterTransposed(int m, int k, int n, int[] rowPtr, int[] colIdx, float[] values,
                                         float[] dy, int dyOff, float[] dx, int dxOff, int rowFrom, int rowTo) {
        checkSpmm("scatterTransposed", m, k, n, rowPtr, dx, dxOff, dy, dyOff, rowFrom, rowTo);
        for (int i = rowFrom; i < rowTo; i++) {
            SparseRowTiles.scatterRow(values, colIdx, rowPtr[i], rowPtr[i + 1], n, dy, dyOff + i * n, dx, dxOff, n);
        }
    }

    /**
     * {@code dW[dwOff + p] = sum_c dY[i][c] * X[colIdx[p]][c]} for the nonzeros {@code p} of rows
     * {@code [rowFrom, rowTo)}: the gradient of {@link #spmm} with respect to its values (the dense
     * {@code dY·Xᵀ} sampled at the mask). {@code dY [m][n]}, {@code X [k][n]}; overwrites those entries of dW.
     */
    public static void sddmm(int m, int k, int n, int[] rowPtr, int[] colIdx, float[] dy, int dyOff,
                             float[] x, int xOff, float[] dw, int dwOff, int rowFrom, int rowTo) {
        checkSpmm("sddmm", m, k, n, rowPtr, x, xOff, dy, dyOff, rowFrom, rowTo);
        KernelArgs.slice("sddmm", "dW", dw, dwOff, rowPtr[m]);
        for (int i = rowFrom; i < rowTo; i++) {
            SparseRowTiles.dotRow(colIdx, rowPtr[i], rowPtr[i + 1], n, dy, dyOff + i * n, x, xOff, dw, dwOff, n);
        }
    }

    /** Shapes shared by the three kernels: {@code in [k][n]} and {@code out [m][n]} slices, row range, row pointer. */
    /** The arguments of {@link #spmmPlusBias} (and its scalar twin): {@link #checkSpmm}, the values and the bias. */
    static void checkSpmmPlusBias(int m, int k, int n, int[] rowPtr, float[] values, int valuesOff, float[] x,
                                  int xOff, float[] bias, int biasOff, float[] y, int yOff, int rowFrom, int rowTo) {
        checkSpmm("spmm", m, k, n, rowPtr, x, xOff, y, yOff, rowFrom, rowTo);
        KernelArgs.slice("spmm", "values", values, valuesOff, rowPtr[m]);
        if (bias != null) KernelArgs.slice("spmm", "bias", bias, biasOff, m);
    }

    static void checkSpmm(String op, int m, int k, int n, int[] rowPtr, float[] in, int inOff, float[] out, int outOff,
                          int rowFrom, int rowTo) {
        KernelArgs.positive(op, "rows m", m);
        KernelArgs.positive(op, "cols k", k);
        KernelArgs.positive(op, "batch n", n);
        if (rowPtr == null || rowPtr.length < m + 1) {
            throw new IllegalArgumentException(op + ": row pointer needs " + (m + 1) + " entries, has "
                    + (rowPtr == null ? "null" : rowPtr.length));
        }
        KernelArgs.range(op, "row", rowFrom, rowTo, m);
        // the operand names are only built when a check fails: these checks run on every kernel call
        KernelArgs.slice(op, "[k][n] operand", k, n, in, inOff);
        KernelArgs.slice(op, "[m][n] operand", m, n, out, outOff);
    }
}
