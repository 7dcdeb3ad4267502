package org.sparsetrain.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * LeNet-5 runs conv, max-pool, ReLU instead of Caffe's conv, ReLU, max-pool (a quarter of the ReLU work). That is
 * only allowed because both orders give the same bits, forward and backward: checked here on both backends, with
 * values on a coarse grid so that windows hold ties, zeros and only-negative cells.
 */
class PoolReluOrderTest {

    @Test void reluAfterMaxPoolIsReluBeforeItBitForBit() {
        try (SimdBackend simd = new SimdBackend(2)) {
            for (Backend be : new Backend[] {simd, Backends.reference()}) {
                try (var _ = Backends.use(be)) {
                    check(be.name());
                }
            }
        }
    }

    private static void check(String backend) {
        SplittableRandom rng = new SplittableRandom(5);
        int c = 3, h = 10, w = 10, n = 37;
        float[] values = new float[c * h * w * n];
        for (int i = 0; i < values.length; i++) values[i] = (float) (Math.round(rng.nextDouble(-2, 1.5) * 2) / 2.0);
        Tensor gy = Tensor.zeros(DType.F32, c, h / 2, w / 2, n);
        for (int i = 0; i < gy.size(); i++) gy.setFlat(i, rng.nextDouble(-1, 1));

        Tensor x1 = Tensor.of(values.clone(), c, h, w, n).requiresGradInPlace(true);
        Tensor caffe = Functional.maxPool2d(Functional.relu(Functional.mul(x1, ones(x1))), 2, 2, 0);
        caffe.backward(gy, false);

        Tensor x2 = Tensor.of(values.clone(), c, h, w, n).requiresGradInPlace(true);
        Tensor pooled = Functional.maxPool2d(Functional.mul(x2, ones(x2)), 2, 2, 0);
        assertTrue(Autograd.mayOverwrite(pooled), "max-pool's output may be overwritten by the ReLU that follows");
        Tensor ours = Functional.reluInPlace(pooled);
        ours.backward(gy, false);

        assertArrayEquals(caffe.toFloatArray(), ours.toFloatArray(), backend + ": forward");
        assertArrayEquals(x1.grad().toFloatArray(), x2.grad().toFloatArray(), backend + ": input gradient");
    }

    /** Multiplying by ones puts x behind a recorded op, as a convolution's output is. */
    private static Tensor ones(Tensor like) {
        Tensor t = Tensor.zeros(DType.F32, like.shape().dims());
        for (int i = 0; i < t.size(); i++) t.setFlat(i, 1);
        return t;
    }
}
