package org.sparsetrain.engine.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * {@code F.max_pool2d}, {@code F.avg_pool2d} ({@code count_include_pad=True}) with padding and stride different
 * from the kernel, and global average pooling ({@code adaptive_avg_pool2d(x, 1)}): forward and input gradient.
 */
class Pool2dGoldenTest {

    static Stream<Arguments> windowedCases() {
        return Stream.of(
                        "maxpool2d_k3_s2_p1",
                        "maxpool2d_k2_s2_p0",
                        "maxpool2d_k3_s1_p1",
                        "avgpool2d_k3_s2_p1",
                        "avgpool2d_k2_s2_p0")
                .flatMap(name -> Stream.of(Precision.values()).map(p -> Arguments.of(name, p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("windowedCases")
    void windowedPoolingMatchesPyTorch(String name, Precision precision) {
        GoldenFile g = GoldenFile.load(name, precision);
        boolean max = switch (g.meta("op")) {
            case "max_pool2d" -> true;
            case "avg_pool2d" -> {
                assertEquals("true", g.meta("count_include_pad"), name + ": only count_include_pad=True is ours");
                yield false;
            }
            default -> throw new IllegalStateException(name + ": unexpected op " + g.meta("op"));
        };
        try (var scope = Backends.use(precision.backend())) {
            Tensor x = g.activationInput("x");
            int kernel = g.intMeta("kernel"), stride = g.intMeta("stride"), padding = g.intMeta("padding");
            Tensor y = max ? Functional.maxPool2d(x, kernel, stride, padding)
                    : Functional.avgPool2d(x, kernel, stride, padding);
            y.backward(g.plainActivation("gy"), false);

            g.assertActivation("y", y);
            g.assertActivation("gx", x.grad());
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void globalAveragePoolingMatchesPyTorch(Precision precision) {
        GoldenFile g = GoldenFile.load("global_avgpool", precision);
        try (var scope = Backends.use(precision.backend())) {
            Tensor x = g.activationInput("x");
            Tensor y = Functional.globalAvgPool(x);
            y.backward(g.plainActivation("gy"), false);

            g.assertActivation("y", y); // PyTorch's [N, C] is our [C][N]
            g.assertActivation("gx", x.grad());
        }
    }
}
