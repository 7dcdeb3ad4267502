package org.sparsetrain.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.function.Function;

import org.junit.jupiter.api.Test;

import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/** Each fused op (linear with bias, conv with bias) against its unfused composition: values and gradients. */
class FusedOpsTest {
    private static final double TOL = 1e-12;

    @Test
    void linearEqualsMatmulPlusRowBias() {
        Rng rng = new Rng(11);
        Tensor x = GradCheck.leaf(rng, 7, 3), w = GradCheck.leaf(rng, 5, 7), b = GradCheck.leaf(rng, 5);
        assertSameValuesAndGradients(t -> Functional.linear(t[0], t[1], t[2]),
                t -> Functional.addRowBias(Functional.matmul(t[1], t[0]), t[2]), x, w, b);
    }

    @Test
    void convWithBiasEqualsConvPlusRowBias() {
        Rng rng = new Rng(12);
        Tensor x = GradCheck.leaf(rng, 4, 5, 3, 2), w = GradCheck.leaf(rng, 6, 2, 3, 3), b = GradCheck.leaf(rng, 6);
        assertSameValuesAndGradients(t -> Functional.conv2d(t[0], t[1], t[2], 2, 1, 2),
                t -> Functional.addRowBias(Functional.conv2d(t[0], t[1], null, 2, 1, 2), t[2]), x, w, b);
    }

    private static void assertSameValuesAndGradients(Function<Tensor[], Tensor> fused, Function<Tensor[], Tensor> plain,
                                                     Tensor... inputs) {
        try (var _ = Backends.use(Backends.reference())) {
            Tensor[] fusedGrads = run(fused, inputs), plainGrads = run(plain, inputs);
            for (int i = 0; i <= inputs.length; i++) {
                assertArrayEquals(plainGrads[i].toDoubleArray(), fusedGrads[i].toDoubleArray(), TOL,
                        i == 0 ? "forward values" : "gradient of input " + (i - 1));
            }
        }
    }

    /** The output (index 0) and the gradient of each input under the loss {@code sum(out * R)}. */
    private static Tensor[] run(Function<Tensor[], Tensor> f, Tensor[] inputs) {
        for (Tensor in : inputs) in.setGrad(null);
        Tensor out = f.apply(inputs);
        Tensor r = Tensor.randn(DType.F64, new Rng(99), out.shape().dims());
        Functional.sum(Functional.mul(out, r)).backward();
        Tensor[] result = new Tensor[inputs.length + 1];
        result[0] = out.detach();
        for (int i = 0; i < inputs.length; i++) result[i + 1] = inputs[i].grad();
        return result;
    }
}
