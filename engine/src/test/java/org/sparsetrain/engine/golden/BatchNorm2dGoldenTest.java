package org.sparsetrain.engine.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * {@code F.batch_norm} on {@code [N, C, H, W]}: in training mode (batch statistics; output, gradients of x,
 * gamma and beta; running mean and unbiased variance after one step with momentum 0.1) and in eval mode
 * (running statistics, which must stay untouched).
 */
class BatchNorm2dGoldenTest {

    @ParameterizedTest
    @EnumSource(Precision.class)
    void trainingModeMatchesPyTorch(Precision precision) {
        check("batchnorm2d_train", true, precision);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void evalModeMatchesPyTorch(Precision precision) {
        check("batchnorm2d_eval", false, precision);
    }

    private static void check(String name, boolean training, Precision precision) {
        GoldenFile g = GoldenFile.load(name, precision);
        assertEquals(training, g.booleanMeta("training"), name + ": metadata 'training'");
        try (var scope = Backends.use(precision.backend())) {
            Tensor x = g.activationInput("x");
            Tensor gamma = g.parameterInput("gamma");
            Tensor beta = g.parameterInput("beta");
            Tensor runningMean = g.plain("running_mean_in");
            Tensor runningVar = g.plain("running_var_in");
            Tensor y = Functional.batchNorm2d(x, gamma, beta, runningMean, runningVar, training,
                    g.doubleMeta("momentum"), g.doubleMeta("eps"));
            y.backward(g.plainActivation("gy"), false);

            g.assertActivation("y", y);
            g.assertActivation("gx", x.grad());
            g.assertParameter("ggamma", gamma.grad());
            g.assertParameter("gbeta", beta.grad());
            g.assertParameter("running_mean_out", runningMean);
            g.assertParameter("running_var_out", runningVar);
        }
    }
}
