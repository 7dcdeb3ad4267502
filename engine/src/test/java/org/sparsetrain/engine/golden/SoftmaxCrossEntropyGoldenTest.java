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
 * {@code F.log_softmax} over the classes (with one sample's logits shifted by +40, which a naive exp would not
 * survive in float32) and {@code F.cross_entropy} with mean reduction and label smoothing 0 and 0.1.
 */
class SoftmaxCrossEntropyGoldenTest {

    @ParameterizedTest
    @EnumSource(Precision.class)
    void logSoftmaxMatchesPyTorch(Precision precision) {
        GoldenFile g = GoldenFile.load("log_softmax", precision);
        try (var scope = Backends.use(precision.backend())) {
            Tensor x = g.activationInput("x");
            Tensor y = Functional.logSoftmax(x);
            y.backward(g.plainActivation("gy"), false);

            g.assertActivation("y", y);
            g.assertActivation("gx", x.grad());
        }
    }

    static Stream<Arguments> crossEntropyCases() {
        return Stream.of("cross_entropy_ls0", "cross_entropy_ls0.1")
                .flatMap(name -> Stream.of(Precision.values()).map(p -> Arguments.of(name, p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("crossEntropyCases")
    void crossEntropyMatchesPyTorch(String name, Precision precision) {
        GoldenFile g = GoldenFile.load(name, precision);
        assertEquals("mean", g.meta("reduction"));
        try (var scope = Backends.use(precision.backend())) {
            Tensor logits = g.activationInput("logits");
            Tensor loss = Functional.crossEntropy(logits, g.ints("labels"), g.doubleMeta("label_smoothing"));
            assertEquals(1, loss.size(), name + ": the loss must be a single value, got shape " + loss.shape());
            loss.backward();

            g.assertParameter("loss", loss.viewAs()); // a 0-d tensor, like PyTorch's
            g.assertActivation("glogits", logits.grad());
        }
    }
}
