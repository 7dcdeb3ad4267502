package org.sparsetrain.engine.golden;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Tensor;

/** {@code F.linear(x, w, b)} forward and its gradients for x, w and b. */
class LinearGoldenTest {

    @ParameterizedTest
    @EnumSource(Precision.class)
    void forwardAndBackwardMatchPyTorch(Precision precision) {
        GoldenFile g = GoldenFile.load("linear", precision);
        try (var scope = Backends.use(precision.backend())) {
            Tensor x = g.activationInput("x");
            Tensor w = g.parameterInput("w");
            Tensor b = g.parameterInput("b");
            Tensor y = Functional.linear(x, w, b);
            y.backward(g.plainActivation("gy"), false);

            g.assertActivation("y", y);
            g.assertActivation("gx", x.grad());
            g.assertParameter("gw", w.grad());
            g.assertParameter("gb", b.grad());
        }
    }
}
