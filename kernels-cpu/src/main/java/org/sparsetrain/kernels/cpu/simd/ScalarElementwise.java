package org.sparsetrain.kernels.cpu.simd;

import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.backend.UnaryOp;

/** Scalar twins of {@link SimdElementwise}: same signatures, plain loops. */
public final class ScalarElementwise {
    private ScalarElementwise() {}

    public static void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int oOff, int len) {
        for (int i = 0; i < len; i++) out[oOff + i] = (float) op.apply(a[aOff + i], b[bOff + i]);
    }

    public static void unary(UnaryOp op, float[] a, int aOff, float[] out, int oOff, int len) {
        for (int i = 0; i < len; i++) out[oOff + i] = unaryOne(op, a[aOff + i]);
    }

    /** One element of {@link #unary}: the engine's definition rounded to float. */
    static float unaryOne(UnaryOp op, float v) {
        return switch (op) {
            case RELU -> v > 0f ? v : 0f;
            case NEG -> -v;
            case SQUARE -> v * v;
            case ABS -> Math.abs(v);
            case SQRT -> (float) Math.sqrt(v);
            case EXP -> (float) Math.exp(v);
            case LOG -> (float) Math.log(v);
        };
    }

    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }

    public static void affine(float[] a, int aOff, float alpha, float beta, float[] out, int oOff, int len) {
        for (int i = 0; i < len; i++) out[oOff + i] = Math.fma(alpha, a[aOff + i], beta);
    }

    public static void reluBackward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        for (int i = 0; i < len; i++) gx[gxOff + i] = x[xOff + i] > 0f ? gy[gyOff + i] : 0f;
    }
}
