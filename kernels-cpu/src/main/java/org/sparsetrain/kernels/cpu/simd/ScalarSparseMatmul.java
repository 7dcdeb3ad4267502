package org.sparsetrain.kernels.cpu.simd;

/**
 * Scalar twin of {@link SparseMatmul}: the same signatures and semantics as plain loops, and the out-of-line scalar
 * tails of the vector tiles ({@link SparseRowTiles}). Sums use {@link Math#fma} in nonzero order, the order of the
 * vector lanes, so {@link #spmm} and {@link #scatterTransposed} give the same bits as their SIMD versions;
 * {@link #sddmm} sums the batch left to right, so it agrees with the tree-added SIMD version within rounding.
 */
public final class ScalarSparseMatmul {
    private ScalarSparseMatmul() {}

    /** See {@link SparseMatmul#spmm}. */
    public static void spmm(int m, int k, int n, int[] rowPtr, int[] colIdx, float[] values, int valuesOff,
                            float[] x, int xOff, float beta, float[] y, int yOff, int rowFrom, int rowTo) {
        spmmPlusBias(m, k, n, rowPtr, colIdx, values, valuesOff, x, xOff, beta, null, 0, y, yOff, rowFrom, rowTo);
    }

    /** See {@link SparseMatmul#spmmPlusBias}. */
    public static void spmmPlusBias(int m, int k, int n, int[] rowPtr, int[] colIdx, float[] values, int valuesOff,
                                    float[] x, int xOff, float beta, float[] bias, int biasOff, float[] y, int yOff,
                                    int rowFrom, int rowTo) {
        SparseMatmul.checkSpmmPlusBias(m, k, n, rowPtr, values, valuesOff, x, xOff, bias, biasOff, y, yOff, rowFrom,
                rowTo);
        for (int i = rowFrom; i < rowTo; i++) {
            gatherColumns(values, valuesOff, colIdx, rowPtr[i], rowPtr[i + 1], n, x, xOff, y, yOff + i * n, 0, n,
                    beta, bias == null ? 0f : bias[biasOff + i]);
        }
    }

    /** See {@link SparseMatmul#scatterTransposed}. */
    public static void scatterTransposed(int m, int k, int n, int[] rowPtr, int[] colIdx, float[] values,
                                         float[] dy, int dyOff, float[] dx, int dxOff, int rowFrom, int rowTo) {
        SparseMatmul.checkSpmm("scatterTransposed", m, k, n, rowPtr, dx, dxOff, dy, dyOff, rowFrom, rowTo);
        for (int i = rowFrom; i < rowTo; i++) {
            scatterColumns(values, colIdx, rowPtr[i], rowPtr[i + 1], n, dy, dyOff + i * n, dx, dxOff, 0, n);
        }
    }

    /** See {@link SparseMatmul#sddmm}. */
    public static void sddmm(int m, int k, int n, int[] rowPtr, int[] colIdx, float[] dy, int dyOff,
                             float[] x, int xOff, float[] dw, int dwOff, int rowFrom, int rowTo) {
        SparseMatmul.checkSpmm("sddmm", m, k, n, rowPtr, x, xOff, dy, dyOff, rowFrom, rowTo);
        KernelArgs.slice("sddmm", "dW", dw, dwOff, rowPtr[m]);
        for (int i = rowFrom; i < rowTo; i++) {
            dotColumns(colIdx, rowPtr[i], rowPtr[i + 1], n, dy, dyOff + i * n, x, xOff, dw, dwOff, 0, n, false);
        }
    }

    /** Columns {@code [c0, c1)} of {@link SparseRowTiles#gatherRow}. */
    static void gatherColumns(float[] vals, int vOff, int[] idx, int pFrom, int pTo, int scale, float[] src, int base,
                              float[] dst, int d, int c0, int c1, float beta, float init) {
        for (int c = c0; c < c1; c++) dst[d + c] = beta == 0f ? init : Math.fma(dst[d + c], beta, init);
        for (int p = pFrom; p < pTo; p++) {
            float v = vals[vOff + p];
            int s = base + idx[p] * scale;
            for (int c = c0; c < c1; c++) dst[d + c] = Math.fma(src[s + c], v, dst[d + c]);
        }
    }

    /** Columns {@code [c0, c1)} of {@link SparseRowTiles#dotRow}; {@code add} adds to {@code out} instead of writing. */
    static void dotColumns(int[] idx, int pFrom, int pTo, int scale, float[] a, int aBase, float[] b, int bBase,
                           float[] out, int o, int c0, int c1, boolean add) {
        for (int p = pFrom; p < pTo; p++) {
            int s = bBase + idx[p] * scale;
            float acc = 0f;
            for (int c = c0; c < c1; c++) acc = Math.fma(a[aBase + c], b[s + c], acc);
            out[o + p] = add ? out[o + p] + acc : acc;
        }
    }

    /** Columns {@code [c0, c1)} of {@link SparseRowTiles#scatterRow}. */
    static void scatterColumns(float[] vals, int[] idx, int pFrom, int pTo, int scale, float[] a, int aBase,
                               float[] dst, int d0, int c0, int c1) {
        for (int p = pFrom; p < pTo; p++) {
            float v = vals[p];
            int d = d0 + idx[p] * scale;
            for (int c = c0; c < c1; c++) dst[d + c] = Math.fma(a[aBase + c], v, dst[d + c]);
        }
    }
}
