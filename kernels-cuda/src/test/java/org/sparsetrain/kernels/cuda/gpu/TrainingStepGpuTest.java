package org.sparsetrain.kernels.cuda.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparsetrain.kernels.cuda.gpu.GpuTestArrays.close;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.kernels.cuda.CudaBackend;

/**
 * A small conv net's forward and backward through the engine's ops with the GPU backend in scope, against
 * the reference backend: the residency protocol under a real op sequence (outputs read by the next op,
 * saved activations, in-place host updates between steps). Tagged gpu.
 */
@Tag("gpu")
class TrainingStepGpuTest {
    /** Loss and gradients of conv-relu-pool-linear-crossEntropy, with an SGD update of the weights in between steps. */
    static float[] steps(Backend backend, int count) {
        try (var _ = Backends.use(backend)) {
            Rng rng = new Rng(7);
            int n = 32;
            Tensor x = Tensor.randn(DType.F32, rng, 3, 12, 12, n);
            Tensor w1 = Tensor.uniform(DType.F32, rng, -0.2, 0.2, 8, 3, 3, 3).requiresGradInPlace(true);
            Tensor b1 = Tensor.zeros(DType.F32, 8).requiresGradInPlace(true);
            Tensor w2 = Tensor.uniform(DType.F32, rng, -0.05, 0.05, 10, 8 * 6 * 6).requiresGradInPlace(true);
            Tensor b2 = Tensor.zeros(DType.F32, 10).requiresGradInPlace(true);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = i % 10;
            float[] out = new float[count];
            for (int s = 0; s < count; s++) {
                Tensor h = Functional.maxPool2d(Functional.relu(Functional.conv2d(x, w1, b1, 1, 1, 1)), 2, 2, 0);
                Tensor logits = Functional.linear(Functional.reshape(h, 8 * 6 * 6, n), w2, b2);
                Tensor loss = Functional.crossEntropy(logits, labels, 0.0);
                loss.backward();
                out[s] = (float) loss.item();
                for (Tensor p : new Tensor[] {w1, b1, w2, b2}) {       // SGD on the host arrays, as optimizers do
                    float[] v = p.floats(), g = p.grad().floats();
                    for (int i = 0; i < p.size(); i++) v[p.offset() + i] -= 0.1f * g[p.grad().offset() + i];
                    p.setGrad(null);
                }
            }
            return out;
        }
    }

    @Test void threeStepsMatchTheReferenceAndStopAllocating() {
        CudaBackend gpu = GpuBackendFixture.backend();
        float[] ref = steps(Backends.reference(), 3);
        float[] got = steps(gpu, 3);
        close("losses", Tensor.of(ref, 3), Tensor.of(got, 3), 1e-4);
        long before = gpu.mirroredBytes();
        steps(gpu, 1);                                   // one step's working set (every array is fresh in steps())
        long step = Math.max(gpu.mirroredBytes() - before, 1L << 20);
        long previous = gpu.mirrorBudget(2 * step);      // room for about two steps: eviction recycles blocks
        try {
            steps(gpu, 4);
            long warm = gpu.allocatorRawAllocations();
            steps(gpu, 2);
            assertEquals(warm, gpu.allocatorRawAllocations(), "repeated steps must be served by the cache; "
                    + gpu.memoryReport());
        } finally {
            gpu.mirrorBudget(previous);
        }
    }
}
