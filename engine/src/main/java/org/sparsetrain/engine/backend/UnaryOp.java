package org.sparsetrain.engine.backend;

/** Elementwise unary operations a backend implements. */
public enum UnaryOp {
    RELU, NEG, EXP, LOG, SQRT, SQUARE, ABS;

    /** The scalar definition every backend must agree with. */
    public double apply(double a) {
        return switch (this) {
            case RELU -> a > 0 ? a : 0.0;
            case NEG -> -a;
            case EXP -> Math.exp(a);
            case LOG -> Math.log(a);
            case SQRT -> Math.sqrt(a);
            case SQUARE -> a * a;
            case ABS -> Math.abs(a);
        };
    }
}
