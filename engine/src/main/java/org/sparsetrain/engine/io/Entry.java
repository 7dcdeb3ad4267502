package org.sparsetrain.engine.io;

import java.util.Arrays;

import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * One named array of a safetensors file: floating point values as an engine {@link Tensor}, integers (labels,
 * masks, step counters) as plain Java arrays with their shape.
 */
public sealed interface Entry permits Entry.Floating, Entry.Int32, Entry.Int64 {

    ElementType type();

    /** The dimensions as written in the header ({@code []} for a scalar). */
    int[] shape();

    /** Number of elements: the product of {@link #shape()}. */
    default long elementCount() {
        long n = 1;
        for (int d : shape()) n *= d;
        return n;
    }

    static Entry of(Tensor t) { return new Floating(t); }

    static Entry of(int[] values, int... shape) { return new Int32(shape, values); }

    static Entry of(long[] values, int... shape) { return new Int64(shape, values); }

    /** An F32 or F64 tensor. Its values are written in row-major order (any view offset is respected). */
    record Floating(Tensor tensor) implements Entry {
        public Floating {
            if (tensor == null) throw new IllegalArgumentException("safetensors entry: tensor is null");
        }

        @Override public ElementType type() { return tensor.dtype() == DType.F32 ? ElementType.F32 : ElementType.F64; }

        @Override public int[] shape() { return tensor.shape().dims(); }
    }

    /** I32 values in row-major order. */
    record Int32(int[] shape, int[] values) implements Entry {
        public Int32 {
            shape = checkedShape(shape, values.length, "I32");
            values = values.clone();
        }

        @Override public ElementType type() { return ElementType.I32; }

        @Override public int[] shape() { return shape.clone(); }

        @Override public int[] values() { return values.clone(); }

        @Override public boolean equals(Object o) {
            return o instanceof Int32 e && Arrays.equals(shape, e.shape) && Arrays.equals(values, e.values);
        }

        @Override public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values); }

        @Override public String toString() { return "Int32" + Arrays.toString(shape); }
    }

    /** I64 values in row-major order. */
    record Int64(int[] shape, long[] values) implements Entry {
        public Int64 {
            shape = checkedShape(shape, values.length, "I64");
            values = values.clone();
        }

        @Override public ElementType type() { return ElementType.I64; }

        @Override public int[] shape() { return shape.clone(); }

        @Override public long[] values() { return values.clone(); }

        @Override public boolean equals(Object o) {
            return o instanceof Int64 e && Arrays.equals(shape, e.shape) && Arrays.equals(values, e.values);
        }

        @Override public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values); }

        @Override public String toString() { return "Int64" + Arrays.toString(shape); }
    }

    private static int[] checkedShape(int[] shape, int length, String type) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("safetensors " + type + " entry: negative dimension in shape "
                    + Arrays.toString(shape));
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("safetensors " + type + " entry: " + length + " values do not fill shape "
                    + Arrays.toString(shape) + " (" + n + " elements)");
        }
        return shape.clone();
    }
}
