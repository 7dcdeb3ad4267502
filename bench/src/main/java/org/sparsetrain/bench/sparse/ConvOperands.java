package org.sparsetrain.bench.sparse;

import static org.sparsetrain.bench.sparse.SparseKernelBenchmark.BATCH;
import static org.sparsetrain.bench.sparse.SparseKernelBenchmark.activation;
import static org.sparsetrain.bench.sparse.SparseKernelBenchmark.randomMatrix;

import java.util.SplittableRandom;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.tensor.FloatStorage;
import org.sparsetrain.kernels.cpu.simd.SparseConvLayout;
import org.sparsetrain.kernels.cpu.sparse.CsrMatrix;

/**
 * LeNet-5's conv2 (20 -> 50 channels, 5x5 on 12x12, no padding, batch 128) at one density (uniform random mask,
 * fixed seed), as CSR and dense, with its activations, gradients and the dilated-gradient buffer of the sparse input
 * gradient. The benchmark states extend it.
 */
class ConvOperands {
    final ConvGeometry g = new ConvGeometry(BATCH, 20, 12, 12, 50, 5, 5, 1, 1, 0, 0, 1);
    boolean dense;
    float[] wDense, x, y, gy, gx, gwDense, gwSparse, dilated;
    CsrMatrix w;

    /** Density 1.0 marks the dense baseline. */
    void build(double density) {
        dense = density >= 1.0;
        SplittableRandom rnd = new SplittableRandom(42);
        w = randomMatrix(rnd, g.outC(), g.inC() * g.kH() * g.kW(), density);
        wDense = w.toDense();
        x = activation(rnd, (int) g.inputSize());
        gy = activation(rnd, (int) g.outputSize());
        y = FloatStorage.allocate((int) g.outputSize());
        gx = FloatStorage.allocate((int) g.inputSize());
        gwDense = new float[(int) g.weightSize()];
        gwSparse = new float[w.nnz()];
        dilated = FloatStorage.allocate((int) SparseConvLayout.dilatedGradientSize(g));
    }
}
