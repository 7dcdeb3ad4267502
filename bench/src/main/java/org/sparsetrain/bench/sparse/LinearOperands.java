package org.sparsetrain.bench.sparse;

import static org.sparsetrain.bench.sparse.SparseKernelBenchmark.BATCH;
import static org.sparsetrain.bench.sparse.SparseKernelBenchmark.activation;
import static org.sparsetrain.bench.sparse.SparseKernelBenchmark.randomMatrix;

import java.util.SplittableRandom;
import org.sparsetrain.engine.tensor.FloatStorage;
import org.sparsetrain.kernels.cpu.sparse.CsrMatrix;

/**
 * A linear layer {@code W [m][k]} at one density (uniform random mask, fixed seed), as CSR and dense, with its
 * activations and gradients at batch 128 laid out as the engine lays out tensors. The benchmark states extend it.
 */
class LinearOperands {
    int m, k;
    boolean dense;
    float[] wDense, x, y, dy, dx, dwDense, dwSparse;
    CsrMatrix w;

    /** {@code shape} is {@code "MxK"}; density 1.0 marks the dense baseline. */
    void build(String shape, double density) {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        k = Integer.parseInt(s[1]);
        dense = density >= 1.0;
        SplittableRandom rnd = new SplittableRandom(42);
        w = randomMatrix(rnd, m, k, density);
        wDense = w.toDense();
        x = activation(rnd, k * BATCH);
        dy = activation(rnd, m * BATCH);
        y = FloatStorage.allocate(m * BATCH);
        dx = FloatStorage.allocate(k * BATCH);
        dwDense = new float[m * k];
        dwSparse = new float[w.nnz()];
    }
}
