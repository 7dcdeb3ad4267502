package org.sparsetrain.engine.backend;

/** Elementwise binary operations a backend implements. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV;

    /** The scalar definition every backend must agree with. */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }
}
