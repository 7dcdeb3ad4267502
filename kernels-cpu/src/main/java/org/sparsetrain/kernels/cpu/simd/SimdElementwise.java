package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.backend.UnaryOp;

/**
 * Elementwise float kernels over {@code len} elements at explicit offsets: a species-bounded vector loop, then
 * a scalar tail (masked main loops are 2-5x slower, performance-notes P6). Outputs may alias inputs at the same
 * offset. Each method has a twin of the same signature in {@link ScalarElementwise}.
 */
public final class SimdElementwise {
    private SimdElementwise() {}

    private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;

    /** {@code out[i] = a[i] (op) b[i]}. */
    public static void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int oOff, int len) {
        VectorOperators.Binary vop = switch (op) {
            case ADD -> VectorOperators.ADD;
            case SUB -> VectorOperators.SUB;
            case MUL -> VectorOperators.MUL;
            case DIV -> VectorOperators.DIV;
        };
        int i = 0;
        for (int bound = SP.loopBound(len); i < bound; i += SP.length()) {
            FloatVector.fromArray(SP, a, aOff + i).lanewise(vop, FloatVector.fromArray(SP, b, bOff + i))
                    .intoArray(out, oOff + i);
        }
        for (; i < len; i++) out[oOff + i] = (float) op.apply(a[aOff + i], b[bOff + i]);
    }

    /**
     * {@code out[i] = f(a[i])}. EXP and LOG go through {@link Math} one element at a time (exactly the
     * reference's rounding); the rest are lanewise vector ops.
     */
    public static void unary(UnaryOp op, float[] a, int aOff, float[] out, int oOff, int len) {
        if (op == UnaryOp.EXP || op == UnaryOp.LOG) {
            ScalarElementwise.unary(op, a, aOff, out, oOff, len);
            return;
        }
        FloatVector zero = FloatVector.zero(SP);
        int i = 0;
        for (int bound = SP.loopBound(len); i < bound; i += SP.length()) {
            FloatVector v = FloatVector.fromArray(SP, a, aOff + i);
            FloatVector r = switch (op) {
                // compare+blend rather than max: NaN and -0.0 must map to +0.0 like the reference's a > 0 ? a : 0
                case RELU -> zero.blend(v, v.compare(VectorOperators.GT, 0f));
                case NEG -> v.neg();
                case SQRT -> v.lanewise(VectorOperators.SQRT);
                case SQUARE -> v.mul(v);
                case ABS -> v.abs();
                case EXP, LOG -> throw new AssertionError(op);
            };
            r.intoArray(out, oOff + i);
        }
        for (; i < len; i++) out[oOff + i] = ScalarElementwise.unaryOne(op, a[aOff + i]);
    }

    /** {@code y[i] += alpha * x[i]} (one fused multiply-add per element). */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        FloatVector a = FloatVector.broadcast(SP, alpha);
        int i = 0;
        for (int bound = SP.loopBound(len); i < bound; i += SP.length()) {
            FloatVector.fromArray(SP, x, xOff + i).fma(a, FloatVector.fromArray(SP, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < len; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }

    /**
     * The SGD momentum step of {@code Backend.sgdMomentumStep} in one pass: per element {@code d = fma(wd, w, g)}
     * (just {@code g} when {@code wd == 0}), {@code buf = fma(oneMinusDampening, d, fma(momentum, buf, 0))},
     * {@code d = nesterov ? fma(momentum, buf, d) : buf}, {@code w = fma(negLr, d, w)}: the fused multiply-adds of
     * {@link #axpy} and {@link #affine} in the order the separate calls make them, so the same bits in one read of
     * the three arrays instead of five passes and a copy.
     */
    public static void sgdMomentumStep(float[] w, int wOff, float[] g, int gOff, float[] buf, int bOff, int len,
                                       float negLr, float momentum, float oneMinusDampening, float wd,
                                       boolean nesterov) {
        FloatVector vLr = FloatVector.broadcast(SP, negLr), vM = FloatVector.broadcast(SP, momentum);
        FloatVector vD = FloatVector.broadcast(SP, oneMinusDampening), vWd = FloatVector.broadcast(SP, wd);
        FloatVector zero = FloatVector.zero(SP);
        boolean decay = wd != 0f;
        int i = 0;
        for (int bound = SP.loopBound(len); i < bound; i += SP.length()) {
            FloatVector wv = FloatVector.fromArray(SP, w, wOff + i), d = FloatVector.fromArray(SP, g, gOff + i);
            if (decay) d = wv.fma(vWd, d);
            FloatVector b = FloatVector.fromArray(SP, buf, bOff + i).fma(vM, zero);
            b = d.fma(vD, b);
            b.intoArray(buf, bOff + i);
            FloatVector step = nesterov ? b.fma(vM, d) : b;
            step.fma(vLr, wv).intoArray(w, wOff + i);
        }
        for (; i < len; i++) {
            float wv = w[wOff + i], d = g[gOff + i];
            if (decay) d = Math.fma(wd, wv, d);
            float b = Math.fma(oneMinusDampening, d, Math.fma(momentum, buf[bOff + i], 0f));
            buf[bOff + i] = b;
            float step = nesterov ? Math.fma(momentum, b, d) : b;
            w[wOff + i] = Math.fma(negLr, step, wv);
        }
    }

    /** {@code out[i] = alpha * a[i] + beta} (one fused multiply-add per element). */
    public static void affine(float[] a, int aOff, float alpha, float beta, float[] out, int oOff, int len) {
        int i = 0;
        for (int bound = SP.loopBound(len); i < bound; i += SP.length()) {
            FloatVector.fromArray(SP, a, aOff + i).fma(alpha, beta).intoArray(out, oOff + i);
        }
        for (; i < len; i++) out[oOff + i] = Math.fma(alpha, a[aOff + i], beta);
    }

    /** {@code gx[i] = x[i] > 0 ? gy[i] : 0}. */
    public static void reluBackward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        FloatVector zero = FloatVector.zero(SP);
        int i = 0;
        for (int bound = SP.loopBound(len); i < bound; i += SP.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(SP, x, xOff + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(SP, gy, gyOff + i), positive).intoArray(gx, gxOff + i);
        }
        for (; i < len; i++) gx[gxOff + i] = x[xOff + i] > 0f ? gy[gyOff + i] : 0f;
    }
}
