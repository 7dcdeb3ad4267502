package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Log-softmax over the class dimension of feature-major logits {@code [classes][n]}: each column (one sample) is
 * normalised, and since the batch is contiguous, a vector holds L samples and the loops run over the classes.
 *
 * <p>The exponential is computed here with a fixed polynomial (Cephes {@code expf}: round to nearest k, reduce by
 * k ln 2 in two parts, a degree-7 polynomial, scale by 2^k built from its bits) instead of
 * {@code VectorOperators.EXP}, whose vectorised and fallback implementations need not round alike: with only
 * add, multiply and FMA the result is bit-identical in every execution tier, as the backend contract requires.
 * The error is within 2 ulp. The one logarithm per column uses {@link StrictMath#log}.
 *
 * <p>Each method works on the columns {@code [nFrom, nTo)} only. {@link ScalarSoftmaxKernels} is the scalar twin.
 */
public final class SoftmaxKernels {
    private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    private static final int L = SP.length();

    private SoftmaxKernels() {}

    /**
     * {@code y[c][j] = x[c][j] - max_c x[c][j] - log(sum_c exp(x[c][j] - max))}. Derivative: {@link #logSoftmaxBackward}.
     */
    public static void logSoftmaxForward(float[] x, int xOff, int classes, int n, float[] y, int yOff, int nFrom, int nTo) {
        check("logSoftmaxForward", x, xOff, y, yOff, classes, n, nFrom, nTo);
        int j = nFrom;
        for (; j + L <= nTo; j += L) forwardLanes(x, xOff + j, classes, n, y, yOff + j, null);
        if (j < nTo) forwardLanes(x, xOff + j, classes, n, y, yOff + j, SP.indexInRange(j, nTo));
    }

    /**
     * {@code gx[c][j] = gy[c][j] - exp(y[c][j]) * sum_c' gy[c'][j]} where {@code y} is the log-softmax output (the
     * vector-Jacobian product of {@link #logSoftmaxForward}).
     */
    public static void logSoftmaxBackward(float[] y, int yOff, float[] gy, int gyOff, int classes, int n,
                                          float[] gx, int gxOff, int nFrom, int nTo) {
        check("logSoftmaxBackward", y, yOff, gx, gxOff, classes, n, nFrom, nTo);
        KernelArgs.slice("logSoftmaxBackward", "gy", gy, gyOff, (long) classes * n);
        int j = nFrom;
        for (; j + L <= nTo; j += L) backwardLanes(y, yOff + j, gy, gyOff + j, classes, n, gx, gxOff + j, null);
        if (j < nTo) backwardLanes(y, yOff + j, gy, gyOff + j, classes, n, gx, gxOff + j, SP.indexInRange(j, nTo));
    }

    /** One vector of columns; {@code m} is null for a full vector (unmasked once inlined) or the tail mask. */
    private static void forwardLanes(float[] x, int xb, int classes, int n, float[] y, int yb, VectorMask<Float> m) {
        FloatVector max = load(x, xb, m);
        for (int c = 1; c < classes; c++) max = max.max(load(x, xb + c * n, m));
        FloatVector s = FloatVector.zero(SP);
        for (int c = 0; c < classes; c++) s = s.add(exp(load(x, xb + c * n, m).sub(max)));
        float[] sums = s.toArray(), maxes = max.toArray(), lse = new float[L];
        for (int i = 0; i < L; i++) lse[i] = maxes[i] + (float) StrictMath.log(sums[i]);
        FloatVector lseV = FloatVector.fromArray(SP, lse, 0);
        for (int c = 0; c < classes; c++) store(load(x, xb + c * n, m).sub(lseV), y, yb + c * n, m);
    }

    private static void backwardLanes(float[] y, int yb, float[] gy, int gb, int classes, int n, float[] gx, int ob,
                                      VectorMask<Float> m) {
        FloatVector s = FloatVector.zero(SP);
        for (int c = 0; c < classes; c++) s = s.add(load(gy, gb + c * n, m));
        for (int c = 0; c < classes; c++) {
            FloatVector e = exp(load(y, yb + c * n, m));
            store(e.neg().fma(s, load(gy, gb + c * n, m)), gx, ob + c * n, m);
        }
    }

    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split so that {@code k * LN2_HI} is exact for the k that occur. */
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** Adding and subtracting 1.5 * 2^23 rounds a float of magnitude below 2^22 to the nearest integer. */
    private static final float ROUND = 12582912f;
    private static final float MIN_ARG = -87.33654f, MAX_ARG = 88.0f;

    /** {@code e^x} per lane: 0 below {@code MIN_ARG} (and for -inf), NaN for NaN; arguments are clamped above 88. */
    static FloatVector exp(FloatVector x) {
        VectorMask<Float> under = x.compare(VectorOperators.LT, MIN_ARG);
        FloatVector xc = x.max(MIN_ARG).min(MAX_ARG);
        FloatVector k = xc.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = k.fma(bc(-LN2_HI), xc);
        r = k.fma(bc(-LN2_LO), r);
        FloatVector p = bc(1.9875691500e-4f);
        p = p.fma(r, bc(1.3981999507e-3f));
        p = p.fma(r, bc(8.3334519073e-3f));
        p = p.fma(r, bc(4.1665795894e-2f));
        p = p.fma(r, bc(1.6666665459e-1f));
        p = p.fma(r, bc(5.0000001201e-1f));
        p = p.fma(r.mul(r), r).add(1f);
        IntVector bits = ((IntVector) k.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector scale = (FloatVector) bits.reinterpretAsFloats();
        return p.mul(scale).blend(0f, under);
    }

    private static FloatVector bc(float v) {
        return FloatVector.broadcast(SP, v);
    }

    private static FloatVector load(float[] a, int off, VectorMask<Float> m) {
        return m == null ? FloatVector.fromArray(SP, a, off) : FloatVector.fromArray(SP, a, off, m);
    }

    private static void store(FloatVector v, float[] a, int off, VectorMask<Float> m) {
        if (m == null) v.intoArray(a, off); else v.intoArray(a, off, m);
    }

    static void check(String op, float[] in, int inOff, float[] out, int outOff, int classes, int n, int nFrom, int nTo) {
        KernelArgs.positive(op, "classes", classes);
        KernelArgs.positive(op, "columns", n);
        KernelArgs.slice(op, "input", in, inOff, (long) classes * n);
        KernelArgs.slice(op, "output", out, outOff, (long) classes * n);
        KernelArgs.range(op, "column", nFrom, nTo, n);
    }
}
