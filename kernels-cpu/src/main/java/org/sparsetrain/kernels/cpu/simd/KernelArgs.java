package org.sparsetrain.kernels.cpu.simd;

/**
 * Cheap argument checks shared by the kernels and their scalar twins. The backend validates shapes at the public
 * boundary; these catch a wrong offset or range before a kernel writes outside its slice of an array.
 */
final class KernelArgs {
    private KernelArgs() {}

    /** {@code [off, off + size)} must lie inside {@code array}. */
    static void slice(String op, String name, float[] array, int off, long size) {
        if (array == null) throw new IllegalArgumentException(op + ": " + name + " is null");
        if (off < 0 || off + size > array.length) {
            throw new IllegalArgumentException(op + ": " + name + " needs " + size + " elements from offset " + off
                    + " but its array has length " + array.length);
        }
    }

    /** A {@code rows x cols} matrix at {@code off} must lie inside {@code array}; the message names both sizes. */
    static void slice(String op, String name, int rows, int cols, float[] array, int off) {
        long size = (long) rows * cols;
        if (array == null || off < 0 || off + size > array.length) slice(op, name + " (" + rows + "x" + cols + ")", array, off, size);
    }

    /** {@code [from, to)} must be a sub-range of {@code [0, limit)}. */
    static void range(String op, String name, int from, int to, int limit) {
        if (from < 0 || from > to || to > limit) {
            throw new IllegalArgumentException(op + ": " + name + " range [" + from + ", " + to
                    + ") is not inside [0, " + limit + ")");
        }
    }

    static void positive(String op, String name, int v) {
        if (v <= 0) throw new IllegalArgumentException(op + ": " + name + " must be > 0, got " + v);
    }
}
