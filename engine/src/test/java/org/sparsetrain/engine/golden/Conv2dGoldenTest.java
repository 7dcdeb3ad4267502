package org.sparsetrain.engine.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * {@code F.conv2d} forward and gradients for input, weight and bias, over strides 1 and 2, paddings 0 to 2,
 * groups 1, 2, depthwise and depthwise with a channel multiplier, 1x1 and a non-square 2x3 kernel, non-square
 * inputs, with and without bias (stride, padding and groups come from each file's metadata).
 */
class Conv2dGoldenTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                        "conv2d_k3_s1_p0_g1_bias",
                        "conv2d_k3_s2_p1_g1_nobias",
                        "conv2d_k5_s1_p2_g2_bias",
                        "conv2d_k3_s2_p1_depthwise_bias",
                        "conv2d_k3_s1_p1_g4_mult2_nobias",
                        "conv2d_k1_s2_p0_g1_nobias",
                        "conv2d_k2x3_s2_p1_g1_bias")
                .flatMap(name -> Stream.of(Precision.values()).map(p -> Arguments.of(name, p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void forwardAndBackwardMatchPyTorch(String name, Precision precision) {
        GoldenFile g = GoldenFile.load(name, precision);
        assertEquals("conv2d", g.meta("op"));
        boolean bias = g.booleanMeta("bias");
        assertEquals(bias, g.has("b"), name + ": metadata 'bias' disagrees with the tensors present");
        try (var scope = Backends.use(precision.backend())) {
            Tensor x = g.activationInput("x");
            Tensor w = g.parameterInput("w");
            Tensor b = bias ? g.parameterInput("b") : null;
            Tensor y = Functional.conv2d(x, w, b, g.intMeta("stride"), g.intMeta("padding"), g.intMeta("groups"));
            y.backward(g.plainActivation("gy"), false);

            g.assertActivation("y", y);
            g.assertActivation("gx", x.grad());
            g.assertParameter("gw", w.grad());
            if (bias) g.assertParameter("gb", b.grad());
        }
    }
}
