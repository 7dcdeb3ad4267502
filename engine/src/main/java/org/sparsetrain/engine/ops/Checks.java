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

    /** Like {@link #sameDType(String, Tensor, Tensor)} but naming both arguments; {@code b} may be null (absent). */
    public static void sameDType(String op, String argA, Tensor a, String argB, Tensor b) {
        if (b != null && a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": " + argB + " is " + b.dtype() + " " + b.shape() + " but "
                    + argA + " is " + a.dtype() + " " + a.shape() + "; all operands must have the same dtype");
        }
    }

    public static void notNull(String op, String arg, Object value) {
        if (value == null) throw new IllegalArgumentException(op + ": " + arg + " must not be null");
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

    /**
     * A per-channel vector ({@code [C]}) that must match dimension 0 of {@code x}; {@code v} may be null.
     * The message names both shapes, e.g. {@code batchNorm2d: gamma [5] has 5 channels, input [4, 2, 2, 3] has 4}.
     */
    public static void channelVector(String op, String arg, Tensor v, String xArg, Tensor x) {
        if (v == null) return;
        sameDType(op, xArg, x, arg, v);
        if (v.rank() != 1 || v.dim(0) != x.dim(0)) {
            throw new IllegalArgumentException(op + ": " + arg + " " + v.shape() + " must be a vector of " + x.dim(0)
                    + " values, one per row of " + xArg + " " + x.shape());
        }
    }
}
