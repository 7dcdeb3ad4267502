package org.sparsetrain.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.autograd.ActivationArrays;
import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.nn.Conv2d;
import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The SIMD kernels that autograd hands recycled, unzeroed gradient arrays to ({@code newGradientToOverwrite}:
 * GEMM with beta 0, the sparse kernels incl. the sparse convolution's input gradient, ReLU and log-softmax backward,
 * max- and average-pool backward, row sums, the gradient sum) overwrite all
 * of them, and so do the convolution forwards whose outputs a consuming max-pool recycles ({@code ActivationArrays}):
 * with recycled arrays filled with NaN, every later pass gives exactly the gradients of the first (which ran on
 * fresh arrays).
 */
class RecycledGradientsTest {

    @AfterEach void stopPoisoning() {
        Autograd.poisonRecycledGradients(false);
        ActivationArrays.poisonRecycled(false);
    }

    @Test void everyPassMatchesTheFirstWithPoisonedRecycledArrays() {
        Rng rng = new Rng(11);
        Linear fc1 = new Linear(20, 24, true, rng), fc2 = new Linear(24, 16, true, rng), fc3 = new Linear(16, 5, true, rng);
        boolean[] mask = new boolean[16 * 24];
        for (int i = 0; i < mask.length; i++) mask[i] = rng.nextInt(3) == 0;
        fc2.weight().sparsify(SparsityPattern.fromMask(mask, 16, 24));
        Tensor x = Tensor.randn(DType.F32, rng, 20, 37); // 37: a batch that is not a multiple of the vector width
        int[] labels = randomLabels(rng, 37, 5);
        List<Parameter> params = parametersOf(fc1, fc2, fc3);
        assertEveryPassMatchesTheFirst(params, () -> {
            Tensor h = Functional.reluInPlace(fc1.forward(x));
            // h is used twice: its gradient is the sum of two recycled arrays
            Tensor h2 = Functional.reluInPlace(fc2.forward(Functional.add(h, h)));
            return Functional.crossEntropy(fc3.forward(h2), labels, 0.1);
        });
    }

    @Test void convolutionAndPoolingBackwardOverwritePoisonedRecycledArrays() {
        Rng rng = new Rng(12);
        // a dense convolution feeding a sparse one (whose input gradient is then needed), then pools with
        // overlapping windows (avg 3/1 padded) and ragged edges (max 2/2 on 9x9); batch 37
        Conv2d conv1 = new Conv2d(3, 4, 3, 1, 0, 1, true, rng), conv2 = new Conv2d(4, 4, 3, 1, 1, 1, true, rng);
        boolean[] mask = new boolean[4 * 4 * 9];
        for (int i = 0; i < mask.length; i++) mask[i] = rng.nextInt(3) == 0;
        conv2.weight().sparsify(SparsityPattern.fromConvMask(mask, 4, 4, 3, 3));
        Linear fc = new Linear(4, 5, true, rng); // 4 channels left at 1x1
        Tensor x = Tensor.randn(DType.F32, rng, 3, 11, 11, 37);
        int[] labels = randomLabels(rng, 37, 5);
        List<Parameter> params = parametersOf(conv1, conv2, fc);
        assertEveryPassMatchesTheFirst(params, () -> {
            Tensor h = Functional.maxPool2d(conv2.forward(conv1.forward(x)), 2, 2, 0);
            h = Functional.maxPool2d(Functional.avgPool2d(h, 3, 1, 1), 4, 1, 0);
            return Functional.crossEntropy(fc.forward(Functional.flatten(h)), labels, 0.1);
        });
    }

    @Test void consumedConvolutionOutputsAreOverwrittenWhenRecycled() {
        Rng rng = new Rng(13);
        // LeNet-5's pattern: conv, consuming max-pool, in-place ReLU, twice; the sparse convolution has an output
        // channel without any active weight (its outputs are its bias, never the recycled array's old values)
        Conv2d conv1 = new Conv2d(1, 4, 3, 1, 0, 1, true, rng), conv2 = new Conv2d(4, 6, 3, 1, 0, 1, true, rng);
        boolean[] mask = new boolean[6 * 4 * 9];
        for (int i = 4 * 9; i < mask.length; i++) mask[i] = rng.nextInt(3) == 0;
        conv2.weight().sparsify(SparsityPattern.fromConvMask(mask, 6, 4, 3, 3));
        Linear fc = new Linear(6 * 2 * 2, 5, true, rng);
        Tensor x = Tensor.randn(DType.F32, rng, 1, 14, 14, 37);
        int[] labels = randomLabels(rng, 37, 5);
        List<Parameter> params = parametersOf(conv1, conv2, fc);
        assertEveryPassMatchesTheFirst(params, () -> {
            Tensor h = Functional.reluInPlace(Functional.maxPool2dConsuming(conv1.forward(x), 2, 2, 0));
            h = Functional.reluInPlace(Functional.maxPool2dConsuming(conv2.forward(h), 2, 2, 0));
            return Functional.crossEntropy(fc.forward(Functional.flatten(h)), labels, 0.1);
        });
    }

    private static int[] randomLabels(Rng rng, int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = rng.nextInt(classes);
        return labels;
    }

    /** Every layer's parameters (weight, then bias), layer by layer. */
    private static List<Parameter> parametersOf(Module... layers) {
        List<Parameter> params = new ArrayList<>();
        for (Module m : layers) params.addAll(m.parameters());
        return params;
    }

    /**
     * Four passes of {@code loss} then backward on the SIMD backend (2 threads), recycled gradient and activation
     * arrays poisoned: every gradient finite and every pass's gradients equal to the first pass's (which ran on
     * fresh arrays).
     */
    private static void assertEveryPassMatchesTheFirst(List<Parameter> params, Supplier<Tensor> loss) {
        Autograd.poisonRecycledGradients(true);
        ActivationArrays.poisonRecycled(true);
        try (SimdBackend backend = new SimdBackend(2); var _ = Backends.use(backend)) {
            float[][] first = null;
            for (int pass = 0; pass < 4; pass++) {
                for (Parameter p : params) p.zeroGrad();
                loss.get().backward();
                float[][] grads = new float[params.size()][];
                for (int i = 0; i < grads.length; i++) {
                    grads[i] = params.get(i).grad().toFloatArray();
                    for (float v : grads[i]) assertTrue(Float.isFinite(v), "pass " + pass + ", parameter " + i);
                }
                if (first == null) first = grads;
                else for (int i = 0; i < grads.length; i++) assertArrayEquals(first[i], grads[i], "pass " + pass);
            }
        }
    }
}
