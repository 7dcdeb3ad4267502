package org.sparsetrain.kernels.cpu.simd;

/** Scalar twin of {@link BatchNormKernels}: the same signatures and semantics as plain loops (sums in double). */
public final class ScalarBatchNormKernels {
    private ScalarBatchNormKernels() {}

    /** See {@link BatchNormKernels#meanVar}. */
    public static void meanVar(float[] x, int xOff, int channels, int m, float[] mean, int meanOff,
                               float[] var, int varOff, int cFrom, int cTo) {
        BatchNormKernels.checkShape("channelMeanVar", x, xOff, channels, m, cFrom, cTo);
        KernelArgs.slice("channelMeanVar", "mean", mean, meanOff, channels);
        KernelArgs.slice("channelMeanVar", "var", var, varOff, channels);
        for (int c = cFrom; c < cTo; c++) {
            int base = xOff + c * m;
            double s = 0;
            for (int j = 0; j < m; j++) s += x[base + j];
            double mu = s / m, q = 0;
            for (int j = 0; j < m; j++) {
                double d = x[base + j] - mu;
                q += d * d;
            }
            mean[meanOff + c] = (float) mu;
            var[varOff + c] = (float) (q / m);
        }
    }

    /** See {@link BatchNormKernels#apply}. */
    public static void apply(float[] x, int xOff, int channels, int m, float[] mean, int meanOff,
                             float[] invStd, int invStdOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                             float[] y, int yOff, int cFrom, int cTo) {
        BatchNormKernels.checkShape("batchNormApply", x, xOff, channels, m, cFrom, cTo);
        BatchNormKernels.checkParams("batchNormApply", channels, mean, meanOff, invStd, invStdOff, gamma, gammaOff);
        if (beta != null) KernelArgs.slice("batchNormApply", "beta", beta, betaOff, channels);
        KernelArgs.slice("batchNormApply", "y", y, yOff, (long) channels * m);
        for (int c = cFrom; c < cTo; c++) {
            float mu = mean[meanOff + c];
            float scale = (float) ((double) invStd[invStdOff + c] * (gamma == null ? 1f : gamma[gammaOff + c]));
            float shift = beta == null ? 0f : beta[betaOff + c];
            for (int j = 0; j < m; j++) y[yOff + c * m + j] = Math.fma(x[xOff + c * m + j] - mu, scale, shift);
        }
    }

    /** See {@link BatchNormKernels#backward}. */
    public static void backward(float[] x, int xOff, float[] gy, int gyOff, int channels, int m,
                                float[] mean, int meanOff, float[] invStd, int invStdOff, float[] gamma, int gammaOff,
                                float[] gx, int gxOff, float[] ggamma, int ggammaOff, float[] gbeta, int gbetaOff,
                                int cFrom, int cTo) {
        BatchNormKernels.checkShape("batchNormBackward", x, xOff, channels, m, cFrom, cTo);
        BatchNormKernels.checkParams("batchNormBackward", channels, mean, meanOff, invStd, invStdOff, gamma, gammaOff);
        KernelArgs.slice("batchNormBackward", "gy", gy, gyOff, (long) channels * m);
        KernelArgs.slice("batchNormBackward", "gx", gx, gxOff, (long) channels * m);
        KernelArgs.slice("batchNormBackward", "ggamma", ggamma, ggammaOff, channels);
        KernelArgs.slice("batchNormBackward", "gbeta", gbeta, gbetaOff, channels);
        for (int c = cFrom; c < cTo; c++) {
            int xb = xOff + c * m, gb = gyOff + c * m, ob = gxOff + c * m;
            float mu = mean[meanOff + c];
            double inv = invStd[invStdOff + c], sumGy = 0, sumGyXc = 0;
            for (int j = 0; j < m; j++) {
                sumGy += gy[gb + j];
                sumGyXc += ((double) x[xb + j] - mu) * gy[gb + j];
            }
            double sumGyXhat = sumGyXc * inv;
            ggamma[ggammaOff + c] = (float) sumGyXhat;
            gbeta[gbetaOff + c] = (float) sumGy;
            double k = (gamma == null ? 1.0 : gamma[gammaOff + c]) * inv / m;
            float a = (float) (k * m), b = (float) (-k * sumGy), d = (float) (-k * inv * sumGyXhat);
            for (int j = 0; j < m; j++) gx[ob + j] = Math.fma(x[xb + j] - mu, d, Math.fma(gy[gb + j], a, b));
        }
    }
}
