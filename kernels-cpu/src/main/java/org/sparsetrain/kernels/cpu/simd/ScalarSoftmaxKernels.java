package org.sparsetrain.kernels.cpu.simd;

/**
 * Scalar twin of {@link SoftmaxKernels}: the same signatures and semantics as plain loops, one column at a time,
 * with {@link StrictMath#exp} (deterministic everywhere) for the exponential.
 */
public final class ScalarSoftmaxKernels {
    private ScalarSoftmaxKernels() {}

    /** See {@link SoftmaxKernels#logSoftmaxForward}. */
    public static void logSoftmaxForward(float[] x, int xOff, int classes, int n, float[] y, int yOff, int nFrom, int nTo) {
        SoftmaxKernels.check("logSoftmaxForward", x, xOff, y, yOff, classes, n, nFrom, nTo);
        for (int j = nFrom; j < nTo; j++) {
            float max = x[xOff + j];
            for (int c = 1; c < classes; c++) max = Math.max(max, x[xOff + c * n + j]);
            float s = 0;
            for (int c = 0; c < classes; c++) s += (float) StrictMath.exp(x[xOff + c * n + j] - max);
            float lse = max + (float) StrictMath.log(s);
            for (int c = 0; c < classes; c++) y[yOff + c * n + j] = x[xOff + c * n + j] - lse;
        }
    }

    /** See {@link SoftmaxKernels#logSoftmaxBackward}. */
    public static void logSoftmaxBackward(float[] y, int yOff, float[] gy, int gyOff, int classes, int n,
                                          float[] gx, int gxOff, int nFrom, int nTo) {
        SoftmaxKernels.check("logSoftmaxBackward", y, yOff, gx, gxOff, classes, n, nFrom, nTo);
        KernelArgs.slice("logSoftmaxBackward", "gy", gy, gyOff, (long) classes * n);
        for (int j = nFrom; j < nTo; j++) {
            float s = 0;
            for (int c = 0; c < classes; c++) s += gy[gyOff + c * n + j];
            for (int c = 0; c < classes; c++) {
                float e = (float) StrictMath.exp(y[yOff + c * n + j]);
                gx[gxOff + c * n + j] = Math.fma(-e, s, gy[gyOff + c * n + j]);
            }
        }
    }
}
