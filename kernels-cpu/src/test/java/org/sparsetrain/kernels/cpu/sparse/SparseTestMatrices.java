package org.sparsetrain.kernels.cpu.sparse;

import java.util.Random;

/**
 * Seeded random sparse weights and the dense references the sparse kernel tests compare against: plain double loops
 * over {@code W ⊙ M} (the matrix with zeros at inactive positions), independent of every kernel under test.
 */
public final class SparseTestMatrices {
    private SparseTestMatrices() {}

    /**
     * A random {@code rows x cols} weight whose mask keeps each position with probability {@code density}; when
     * {@code density < 1} and there are several rows, row {@code rows / 2} is emptied so every test sees an empty row.
     */
    public static CsrMatrix random(Random rnd, int rows, int cols, double density) {
        float[] w = new float[rows * cols];
        boolean[] mask = new boolean[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextFloat() * 2 - 1;
            mask[i] = density >= 1 || rnd.nextDouble() < density;
        }
        if (density < 1 && rows > 1) {
            for (int j = 0; j < cols; j++) mask[rows / 2 * cols + j] = false;
        }
        return CsrMatrix.fromDense(w, mask, rows, cols);
    }

    /** {@code off + size + 5} floats: uniform in [-1, 1) from {@code off}, a guard value elsewhere. */
    /** A copy of {@code a} that starts {@code off} elements into its array (a kernel argument at an offset). */
    public static float[] shifted(float[] a, int off) {
        float[] s = new float[off + a.length];
        System.arraycopy(a, 0, s, off, a.length);
        return s;
    }

    public static float[] randomArray(Random rnd, int off, int size, float guard) {
        float[] a = new float[off + size + 5];
        java.util.Arrays.fill(a, guard);
        for (int i = 0; i < size; i++) a[off + i] = rnd.nextFloat() * 2 - 1;
        return a;
    }

    /** {@code Y = Wd · X}, {@code Wd [m][k]}, {@code X [k][n]} at {@code xOff}, in double. */
    public static float[] matmul(float[] wd, int m, int k, float[] x, int xOff, int n) {
        float[] y = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < n; c++) {
                double s = 0;
                for (int j = 0; j < k; j++) s += (double) wd[i * k + j] * x[xOff + j * n + c];
                y[i * n + c] = (float) s;
            }
        }
        return y;
    }

    /** {@code dX = Wdᵀ · dY}, {@code dY [m][n]} at {@code dyOff}, in double. */
    public static float[] matmulTransposed(float[] wd, int m, int k, float[] dy, int dyOff, int n) {
        float[] dx = new float[k * n];
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < n; c++) {
                double s = 0;
                for (int i = 0; i < m; i++) s += (double) wd[i * k + j] * dy[dyOff + i * n + c];
                dx[j * n + c] = (float) s;
            }
        }
        return dx;
    }

    /** {@code (dY·Xᵀ)[i][j]} at every active position of {@code w}, aligned with its values, in double. */
    public static float[] sampledProduct(CsrMatrix w, float[] dy, int dyOff, float[] x, int xOff, int n) {
        float[] out = new float[w.nnz()];
        for (int i = 0; i < w.rows(); i++) {
            for (int p = w.rowPtr()[i]; p < w.rowPtr()[i + 1]; p++) {
                int j = w.colIdx()[p];
                double s = 0;
                for (int c = 0; c < n; c++) s += (double) dy[dyOff + i * n + c] * x[xOff + j * n + c];
                out[p] = (float) s;
            }
        }
        return out;
    }
}
