package org.sparsetrain.cli;

import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * A seeded synthetic classification problem: each class is a mixture of a few Gaussian blobs with unit
 * variance around random centres, so the classes overlap a little and are not linearly separable.
 * Train and test sets drawn from one instance share the centres.
 */
final class GaussianMixture {
    private final int dims;
    private final int classes;
    private final double[][][] centres; // [class][component][dim]

    /** {@code spread} is the standard deviation of the centres' coordinates (larger = easier). */
    GaussianMixture(int dims, int classes, int componentsPerClass, double spread, Rng rng) {
        this.dims = dims;
        this.classes = classes;
        this.centres = new double[classes][componentsPerClass][dims];
        for (double[][] cls : centres) {
            for (double[] c : cls) for (int d = 0; d < dims; d++) c[d] = spread * rng.normal();
        }
    }

    int dims() { return dims; }

    int classes() { return classes; }

    /** {@code n} points with balanced labels, batch-major {@code [n][dims]}. */
    Samples sample(int n, Rng rng) {
        float[] x = new float[n * dims];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int cls = i % classes;
            double[] centre = centres[cls][rng.nextInt(centres[cls].length)];
            for (int d = 0; d < dims; d++) x[i * dims + d] = (float) (centre[d] + rng.normal());
            y[i] = cls;
        }
        return new Samples(x, y, dims);
    }

    /** Points {@code features [n][dims]} (batch-major) with their labels. */
    record Samples(float[] features, int[] labels, int dims) {
        int size() { return labels.length; }

        /** The rows {@code order[from..to)} as a batch-major tensor {@code [to-from][dims]}. */
        Tensor batch(int[] order, int from, int to) {
            float[] out = new float[(to - from) * dims];
            for (int i = from; i < to; i++) System.arraycopy(features, order[i] * dims, out, (i - from) * dims, dims);
            return Tensor.of(out, to - from, dims);
        }

        int[] labels(int[] order, int from, int to) {
            int[] out = new int[to - from];
            for (int i = from; i < to; i++) out[i - from] = labels[order[i]];
            return out;
        }
    }
}
