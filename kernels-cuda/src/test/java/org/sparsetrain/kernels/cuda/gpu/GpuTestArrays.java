package org.sparsetrain.kernels.cuda.gpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

import org.sparsetrain.engine.tensor.Tensor;

/** Seeded inputs at a non-zero offset (as kernels-cpu's TestArrays) and tolerant comparison. */
final class GpuTestArrays {
    private GpuTestArrays() {}

    static final int PAD = 7;

    static Tensor uniformView(SplittableRandom rng, double lo, double hi, int... dims) {
        int size = 1;
        for (int d : dims) size *= d;
        float[] storage = new float[size + 2 * PAD];
        for (int i = 0; i < storage.length; i++) storage[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        return Tensor.view(storage, PAD, dims);
    }

    static Tensor copyView(Tensor t) {
        int[] dims = new int[t.rank()];
        for (int i = 0; i < dims.length; i++) dims[i] = t.dim(i);
        return Tensor.view(t.floats().clone(), t.offset(), dims);
    }

    static boolean paddingIntact(Tensor written, float[] original) {
        float[] w = written.floats();
        for (int i = 0; i < written.offset(); i++) if (Float.compare(w[i], original[i]) != 0) return false;
        for (int i = written.offset() + written.size(); i < w.length; i++) if (Float.compare(w[i], original[i]) != 0) return false;
        return true;
    }

    /** |e - a| <= tol * (1 + |e|) element by element, NaN matching NaN. */
    static void close(String what, Tensor expected, Tensor actual, double tol) {
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i), a = actual.getFlat(i);
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            if (!(Math.abs(e - a) <= tol * (1 + Math.abs(e)))) fail(what + ": element " + i + " expected " + e + " got " + a);
        }
    }
}
