package org.sparsetrain.kernels.cuda.launch;

/**
 * The column-major cuBLAS call that computes the engine's row-major GEMM, by the operand swap: a row-major
 * {@code [r][c]} matrix is the column-major {@code [c][r]} matrix, its transpose, so
 * {@code C = op(A)·op(B)} (row-major) is {@code Cᵀ = op(B)ᵀ·op(A)ᵀ} (column-major) with B passed first.
 *
 * <p>For {@code C [m][n]}: {@code cublasSgemm(transFirst, transSecond, n, m, k, alpha, B, ldFirst, A, ldSecond,
 * beta, C, ldc = n)}. A stored operand {@code [r][c]} has leading dimension {@code c}, and is passed
 * untransposed exactly when the engine does not transpose it.
 *
 * @param transFirst whether cuBLAS transposes its first operand (the engine's B)
 * @param transSecond whether cuBLAS transposes its second operand (the engine's A)
 * @param rows cuBLAS m (the engine's n)
 * @param cols cuBLAS n (the engine's m)
 * @param inner cuBLAS k
 * @param ldFirst leading dimension of the engine's B
 * @param ldSecond leading dimension of the engine's A
 * @param ldc leading dimension of C
 */
public record GemmMapping(boolean transFirst, boolean transSecond, int rows, int cols, int inner, int ldFirst,
                          int ldSecond, int ldc) {

    /** The mapping of {@code C[m][n] = op(A)·op(B)} with A stored {@code [m][k]} (or {@code [k][m]} if transA), B likewise. */
    public static GemmMapping of(boolean transA, boolean transB, int m, int n, int k) {
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("gemm: sizes must be >= 1 for cuBLAS, got m=" + m + " n=" + n + " k=" + k);
        }
        int ldb = transB ? k : n;   // B stored [n][k] if transposed, else [k][n]
        int lda = transA ? m : k;   // A stored [k][m] if transposed, else [m][k]
        return new GemmMapping(transB, transA, n, m, k, ldb, lda, n);
    }
}
