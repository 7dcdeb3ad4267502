package org.sparsetrain.kernels.cpu.simd;

/** Scalar twins of {@link SimdRows}: same signatures, plain loops, double accumulation in index order. */
public final class ScalarRows {
    private ScalarRows() {}

    public static double sum(float[] a, int off, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) s += a[off + i];
        return s;
    }

    public static void sumRows(float[] x, int xOff, float[] out, int oOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) out[oOff + r] = (float) sum(x, xOff + r * cols, cols);
    }

    public static void addRowBias(float[] x, int xOff, float[] bias, int bOff, float[] out, int oOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[oOff + r * cols + c] = x[xOff + r * cols + c] + bias[bOff + r];
        }
    }
}
