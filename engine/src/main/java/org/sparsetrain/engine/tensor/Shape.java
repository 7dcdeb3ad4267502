package org.sparsetrain.engine.tensor;

import java.util.Arrays;

/**
 * An immutable list of strictly positive dimension sizes, row-major (last dimension contiguous).
 * A rank-0 shape is a scalar with one element.
 */
public final class Shape {
    private final int[] dims;
    private final long size;

    private Shape(int[] dims) {
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0) {
                throw new IllegalArgumentException("shape: dimension " + i + " must be > 0, got " + dims[i]
                        + " in " + Arrays.toString(dims));
            }
            n *= dims[i];
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape: " + Arrays.toString(dims) + " has " + n
                    + " elements, more than a Java array can hold");
        }
        this.dims = dims;
        this.size = n;
    }

    public static Shape of(int... dims) { return new Shape(dims.clone()); }

    public static Shape scalar() { return new Shape(new int[0]); }

    public int rank() { return dims.length; }

    /** Size of dimension {@code i}; negative {@code i} counts from the end. */
    public int dim(int i) {
        int j = i < 0 ? dims.length + i : i;
        if (j < 0 || j >= dims.length) {
            throw new IndexOutOfBoundsException("shape " + this + " has no dimension " + i);
        }
        return dims[j];
    }

    public int[] dims() { return dims.clone(); }

    /** Number of elements. */
    public int size() { return (int) size; }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    @Override public boolean equals(Object o) { return o instanceof Shape s && Arrays.equals(dims, s.dims); }

    @Override public int hashCode() { return Arrays.hashCode(dims); }

    @Override public String toString() { return Arrays.toString(dims); }
}
