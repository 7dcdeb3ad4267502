package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.tensor.Tensor;

/** Argument checks shared by the ops, each producing a message that names the op, the argument and the shapes. */
public final class Checks {
    private Checks() {}

    public static void sameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ: " + a.dtype() + " " + a.shape() + " vs "
                    + b.dtype() + " " + b.shape());
        }
    }

    public static void rank(String op, String arg, Tensor t, int expected, String layout) {
        if (t.rank() != expected) {
            throw new IllegalArgumentException(op + ": " + arg + " must have rank " + expected + " (" + layout
                    + "), got shape " + t.shape());
        }
    }

    public static void dim(String op, String arg, Tensor t, int axis, int expected, String what) {
        if (t.dim(axis) != expected) {
            throw new IllegalArgumentException(op + ": " + arg + " has " + t.dim(axis) + " " + what + " (shape "
                    + t.shape() + "), expected " + expected);
        }
    }
}
