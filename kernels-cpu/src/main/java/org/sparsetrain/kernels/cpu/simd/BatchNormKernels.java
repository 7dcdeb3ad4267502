package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation primitives per channel over {@code x} viewed as {@code [C][M]} ({@code M = H*W*N}, contiguous
 * per channel), with the semantics of {@code Backend.channelMeanVar}, {@code batchNormApply} and
 * {@code batchNormBackward}. Channel statistics are accumulated in double (floats widened 8 at a time), in a fixed
 * order, then rounded once; elementwise passes are float FMAs.
 *
 * <p>Each method works on the channels {@code [cFrom, cTo)} only. {@link ScalarBatchNormKernels} is the scalar twin.
 */
public final class BatchNormKernels {
    private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    private static final int L = SP.length();
    private static final VectorSpecies<Double> DSP = DoubleVector.SPECIES_PREFERRED;
    /** Floats with as many lanes as {@link #DSP}, so widening keeps the lane count. */
    private static final VectorSpecies<Float> HALF = VectorSpecies.of(float.class,
            VectorShape.forBitSize(DSP.vectorBitSize() / 2));
    private static final int HL = HALF.length();

    private BatchNormKernels() {}

    /**
     * {@code mean[c] = sum_j x[c][j] / m}, {@code var[c] = sum_j (x[c][j] - mean)^2 / m} (biased), two passes in
     * double. Not differentiated here: the backward of training-mode batch norm is {@link #backward}.
     */
    public static void meanVar(float[] x, int xOff, int channels, int m, float[] mean, int meanOff,
                               float[] var, int varOff, int cFrom, int cTo) {
        checkShape("channelMeanVar", x, xOff, channels, m, cFrom, cTo);
        KernelArgs.slice("channelMeanVar", "mean", mean, meanOff, channels);
        KernelArgs.slice("channelMeanVar", "var", var, varOff, channels);
        for (int c = cFrom; c < cTo; c++) {
            int base = xOff + c * m;
            double mu = sum(x, base, m) / m;
            mean[meanOff + c] = (float) mu;
            var[varOff + c] = (float) (sumSquaredDeviation(x, base, m, mu) / m);
        }
    }

    /**
     * {@code y[c][j] = (x[c][j] - mean[c]) * invStd[c] * gamma[c] + beta[c]}; {@code gamma} / {@code beta} null mean
     * 1 / 0. Derivative: {@link #backward}. {@code y} may alias {@code x}.
     */
    public static void apply(float[] x, int xOff, int channels, int m, float[] mean, int meanOff,
                             float[] invStd, int invStdOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                             float[] y, int yOff, int cFrom, int cTo) {
        checkShape("batchNormApply", x, xOff, channels, m, cFrom, cTo);
        checkParams("batchNormApply", channels, mean, meanOff, invStd, invStdOff, gamma, gammaOff);
        if (beta != null) KernelArgs.slice("batchNormApply", "beta", beta, betaOff, channels);
        KernelArgs.slice("batchNormApply", "y", y, yOff, (long) channels * m);
        for (int c = cFrom; c < cTo; c++) {
            float mu = mean[meanOff + c];
            float scale = (float) ((double) invStd[invStdOff + c] * (gamma == null ? 1f : gamma[gammaOff + c]));
            float shift = beta == null ? 0f : beta[betaOff + c];
            FloatVector muV = FloatVector.broadcast(SP, mu), scaleV = FloatVector.broadcast(SP, scale);
            FloatVector shiftV = FloatVector.broadcast(SP, shift);
            int xb = xOff + c * m, yb = yOff + c * m, j = 0;
            for (int bound = SP.loopBound(m); j < bound; j += L) {
                FloatVector.fromArray(SP, x, xb + j).sub(muV).fma(scaleV, shiftV).intoArray(y, yb + j);
            }
            for (; j < m; j++) y[yb + j] = Math.fma(x[xb + j] - mu, scale, shift);
        }
    }

    /**
     * Backward of training-mode batch norm: with {@code xhat = (x - mean) * invStd},
     * {@code gbeta[c] = sum_j gy}, {@code ggamma[c] = sum_j gy * xhat} (both in double) and
     * {@code gx = gamma * invStd / m * (m * gy - gbeta - xhat * ggamma)}; {@code gamma} null means 1.
     * Writes {@code gx}, {@code ggamma} and {@code gbeta} for the channels {@code [cFrom, cTo)}.
     */
    public static void backward(float[] x, int xOff, float[] gy, int gyOff, int channels, int m,
                                float[] mean, int meanOff, float[] invStd, int invStdOff, float[] gamma, int gammaOff,
                                float[] gx, int gxOff, float[] ggamma, int ggammaOff, float[] gbeta, int gbetaOff,
                                int cFrom, int cTo) {
        checkShape("batchNormBackward", x, xOff, channels, m, cFrom, cTo);
        checkParams("batchNormBackward", channels, mean, meanOff, invStd, invStdOff, gamma, gammaOff);
        KernelArgs.slice("batchNormBackward", "gy", gy, gyOff, (long) channels * m);
        KernelArgs.slice("batchNormBackward", "gx", gx, gxOff, (long) channels * m);
        KernelArgs.slice("batchNormBackward", "ggamma", ggamma, ggammaOff, channels);
        KernelArgs.slice("batchNormBackward", "gbeta", gbeta, gbetaOff, channels);
        for (int c = cFrom; c < cTo; c++) {
            int xb = xOff + c * m, gb = gyOff + c * m, ob = gxOff + c * m;
            float mu = mean[meanOff + c];
            double inv = invStd[invStdOff + c];
            double sumGy = sum(gy, gb, m);
            double sumGyXhat = sumProductCentered(gy, gb, x, xb, m, mu) * inv;
            ggamma[ggammaOff + c] = (float) sumGyXhat;
            gbeta[gbetaOff + c] = (float) sumGy;
            // gx = a * gy + b + d * (x - mean), the coefficients computed in double and rounded once.
            double k = (gamma == null ? 1.0 : gamma[gammaOff + c]) * inv / m;
            float a = (float) (k * m), b = (float) (-k * sumGy), d = (float) (-k * inv * sumGyXhat);
            FloatVector aV = FloatVector.broadcast(SP, a), bV = FloatVector.broadcast(SP, b);
            FloatVector dV = FloatVector.broadcast(SP, d), muV = FloatVector.broadcast(SP, mu);
            int j = 0;
            for (int bound = SP.loopBound(m); j < bound; j += L) {
                FloatVector g = FloatVector.fromArray(SP, gy, gb + j).fma(aV, bV);
                FloatVector.fromArray(SP, x, xb + j).sub(muV).fma(dV, g).intoArray(gx, ob + j);
            }
            for (; j < m; j++) gx[ob + j] = Math.fma(x[xb + j] - mu, d, Math.fma(gy[gb + j], a, b));
        }
    }

    /** Sum of {@code a[off .. off+len)} in double: two vector accumulators, lanes summed in order, scalar tail. */
    private static double sum(float[] a, int off, int len) {
        DoubleVector s0 = DoubleVector.zero(DSP), s1 = s0;
        int i = 0, bound = HALF.loopBound(len);
        for (; i + 2 * HL <= bound; i += 2 * HL) {
            s0 = s0.add(widen(a, off + i));
            s1 = s1.add(widen(a, off + i + HL));
        }
        for (; i < bound; i += HL) s0 = s0.add(widen(a, off + i));
        double s = lanes(s0.add(s1));
        for (; i < len; i++) s += a[off + i];
        return s;
    }

    /** {@code sum (a - mu)^2} in double. */
    private static double sumSquaredDeviation(float[] a, int off, int len, double mu) {
        DoubleVector s0 = DoubleVector.zero(DSP), s1 = s0, muV = DoubleVector.broadcast(DSP, mu);
        int i = 0, bound = HALF.loopBound(len);
        for (; i + 2 * HL <= bound; i += 2 * HL) {
            DoubleVector d0 = widen(a, off + i).sub(muV), d1 = widen(a, off + i + HL).sub(muV);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
        }
        for (; i < bound; i += HL) {
            DoubleVector d0 = widen(a, off + i).sub(muV);
            s0 = d0.fma(d0, s0);
        }
        double s = lanes(s0.add(s1));
        for (; i < len; i++) {
            double d = a[off + i] - mu;
            s += d * d;
        }
        return s;
    }

    /** {@code sum g * (x - mu)} in double. */
    private static double sumProductCentered(float[] g, int gOff, float[] x, int xOff, int len, float mu) {
        DoubleVector s0 = DoubleVector.zero(DSP), s1 = s0, muV = DoubleVector.broadcast(DSP, mu);
        int i = 0, bound = HALF.loopBound(len);
        for (; i + 2 * HL <= bound; i += 2 * HL) {
            s0 = widen(x, xOff + i).sub(muV).fma(widen(g, gOff + i), s0);
            s1 = widen(x, xOff + i + HL).sub(muV).fma(widen(g, gOff + i + HL), s1);
        }
        for (; i < bound; i += HL) s0 = widen(x, xOff + i).sub(muV).fma(widen(g, gOff + i), s0);
        double s = lanes(s0.add(s1));
        for (; i < len; i++) s += ((double) x[xOff + i] - mu) * g[gOff + i];
        return s;
    }

    private static DoubleVector widen(float[] a, int off) {
        return (DoubleVector) FloatVector.fromArray(HALF, a, off).convertShape(VectorOperators.F2D, DSP, 0);
    }

    /** Sum of the lanes in lane order (deterministic in every execution tier, unlike {@code reduceLanes}). */
    private static double lanes(DoubleVector v) {
        double s = 0;
        for (double d : v.toArray()) s += d;
        return s;
    }

    static void checkShape(String op, float[] x, int xOff, int channels, int m, int cFrom, int cTo) {
        KernelArgs.positive(op, "channels", channels);
        KernelArgs.positive(op, "elements per channel", m);
        KernelArgs.slice(op, "x", x, xOff, (long) channels * m);
        KernelArgs.range(op, "channel", cFrom, cTo, channels);
    }

    static void checkParams(String op, int channels, float[] mean, int meanOff, float[] invStd, int invStdOff,
                            float[] gamma, int gammaOff) {
        KernelArgs.slice(op, "mean", mean, meanOff, channels);
        KernelArgs.slice(op, "invStd", invStd, invStdOff, channels);
        if (gamma != null) KernelArgs.slice(op, "gamma", gamma, gammaOff, channels);
    }
}
