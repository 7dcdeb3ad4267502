package org.sparsetrain.kernels.cpu;

import java.util.SplittableRandom;

import org.sparsetrain.engine.tensor.Tensor;

/** Seeded test inputs placed at a non-zero offset inside a larger array, so kernels must honour offsets. */
final class TestArrays {
    private TestArrays() {}

    /** Garbage before and after the view: a kernel that ignores the offset reads or clobbers it. */
    static final int PAD = 7;

    /** A view of {@code dims} at offset {@link #PAD} filled with uniform values in {@code [lo, hi)}. */
    static Tensor uniformView(SplittableRandom rng, double lo, double hi, int... dims) {
        int size = 1;
        for (int d : dims) size *= d;
        float[] storage = new float[size + 2 * PAD];
        for (int i = 0; i < storage.length; i++) storage[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        return Tensor.view(storage, PAD, dims);
    }

    /** A view of {@code dims} at offset {@link #PAD} with every element (padding included) set to {@code v}. */
    static Tensor filledView(float v, int... dims) {
        int size = 1;
        for (int d : dims) size *= d;
        float[] storage = new float[size + 2 * PAD];
        java.util.Arrays.fill(storage, v);
        return Tensor.view(storage, PAD, dims);
    }

    /** The same values in a fresh array at the same offset (so two backends can write their own copies). */
    static Tensor copyView(Tensor t) {
        return Tensor.view(t.floats().clone(), t.offset(), dimsOf(t));
    }

    static int[] dimsOf(Tensor t) {
        int[] dims = new int[t.rank()];
        for (int i = 0; i < dims.length; i++) dims[i] = t.dim(i);
        return dims;
    }

    /** True when the padding around the view is unchanged from {@code original}'s storage. */
    static boolean paddingIntact(Tensor written, float[] original) {
        float[] w = written.floats();
        for (int i = 0; i < written.offset(); i++) if (Float.compare(w[i], original[i]) != 0) return false;
        for (int i = written.offset() + written.size(); i < w.length; i++) {
            if (Float.compare(w[i], original[i]) != 0) return false;
        }
        return true;
    }
}
