package org.sparsetrain.kernels.cuda.residency;

import java.util.Arrays;

/** The few operations the residency layer needs on the primitive arrays tensors and index buffers live in. */
public final class HostArrays {
    private HostArrays() {}

    public static int length(Object array) {
        return switch (array) {
            case float[] a -> a.length;
            case int[] a -> a.length;
            case double[] a -> a.length;
            case byte[] a -> a.length;
            case long[] a -> a.length;
            default -> throw unsupported(array);
        };
    }

    public static int elementBytes(Object array) {
        return switch (array) {
            case float[] a -> Float.BYTES;
            case int[] a -> Integer.BYTES;
            case double[] a -> Double.BYTES;
            case byte[] a -> Byte.BYTES;
            case long[] a -> Long.BYTES;
            default -> throw unsupported(array);
        };
    }

    /** A copy of the whole array. */
    public static Object copyOf(Object array) {
        return switch (array) {
            case float[] a -> a.clone();
            case int[] a -> a.clone();
            case double[] a -> a.clone();
            case byte[] a -> a.clone();
            case long[] a -> a.clone();
            default -> throw unsupported(array);
        };
    }

    /**
     * The first index in {@code [from, to)} where the arrays differ, or -1. Floats compare by bits (as
     * {@link Float#floatToIntBits}), so a NaN equals a NaN.
     */
    public static int mismatch(Object a, Object b, int from, int to) {
        int m = switch (a) {
            case float[] x -> Arrays.mismatch(x, from, to, (float[]) b, from, to);
            case int[] x -> Arrays.mismatch(x, from, to, (int[]) b, from, to);
            case double[] x -> Arrays.mismatch(x, from, to, (double[]) b, from, to);
            case byte[] x -> Arrays.mismatch(x, from, to, (byte[]) b, from, to);
            case long[] x -> Arrays.mismatch(x, from, to, (long[]) b, from, to);
            default -> throw unsupported(a);
        };
        return m < 0 ? -1 : from + m;
    }

    private static IllegalArgumentException unsupported(Object array) {
        return new IllegalArgumentException("device mirror: unsupported host array type "
                + (array == null ? "null" : array.getClass().getSimpleName()) + " (float[], int[], double[], long[], byte[])");
    }
}
