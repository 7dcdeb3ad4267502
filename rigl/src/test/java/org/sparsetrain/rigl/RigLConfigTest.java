package org.sparsetrain.rigl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.ReLU;
import org.sparsetrain.engine.nn.Sequential;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.optim.SgdConfig;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/** Bad configurations and models give errors that name the value and what is allowed. */
class RigLConfigTest {

    private static String message(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable e) {
        return assertThrows(type, e).getMessage();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, 1.5, Double.NaN})
    void densityOutsideUnitIntervalIsRejected(double d) {
        String m = message(IllegalArgumentException.class, () -> RigLConfig.builder().density(d).build());
        assertTrue(m.contains("density must be in (0, 1]") && m.contains(Double.toString(d)), m);
    }

    @Test
    void densityIsRequired() {
        assertTrue(message(IllegalArgumentException.class, () -> RigLConfig.builder().build()).contains("density is required"));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -5})
    void updateIntervalMustBePositive(long delta) {
        String m = message(IllegalArgumentException.class, () -> RigLConfig.builder().density(0.1).updateEvery(delta).build());
        assertTrue(m.contains("update interval (delta T) must be > 0") && m.contains("got " + delta), m);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, Double.NaN})
    void dropFractionOutsideUnitIntervalIsRejected(double a) {
        String m = message(IllegalArgumentException.class, () -> RigLConfig.builder().density(0.1).dropFraction(a).build());
        assertTrue(m.contains("drop fraction alpha must be in [0, 1]") && m.contains(Double.toString(a)), m);
    }

    @Test
    void endStepBeyondTheRunIsRejectedAtAttach() {
        Module model = TestNets.mlp(new Rng(1), 4, 3, 2);
        RigLConfig c = RigLConfig.builder().density(0.5).endStep(1_001).build();
        String m = message(IllegalArgumentException.class, () -> RigL.attach(model, TestNets.sgd(model, 0.1, 0), c, 1_000, new Rng(2)));
        assertTrue(m.contains("end step 1001 is beyond the run of 1000 steps") && m.contains("<= 1000"), m);
    }

    @Test
    void endFractionOutsideUnitIntervalAndEmptyWindowsAreRejected() {
        assertTrue(message(IllegalArgumentException.class, () -> RigLConfig.builder().density(0.5).endFraction(1.2).build())
                .contains("end fraction must be in (0, 1]"));
        assertTrue(message(IllegalArgumentException.class, () -> RigLConfig.builder().density(0.5).beginStep(10).endStep(10).build())
                .contains("end step must be > begin step 10"));
        RigLConfig c = RigLConfig.builder().density(0.5).beginStep(50).endFraction(0.01).build();
        assertTrue(message(IllegalArgumentException.class, () -> c.resolveEndStep(1000)).contains("is empty"));
        assertEquals(750, RigLConfig.builder().density(0.5).build().resolveEndStep(1000), "default end: 0.75 of the run");
    }

    @Test
    void gradientAccumulationBounds() {
        assertTrue(message(IllegalArgumentException.class, () -> RigLConfig.builder().density(0.5).updateEvery(4).gradAccumulation(4).build())
                .contains("must be 1 or in [2, delta T - 1] = [2, 3], got 4"));
        assertTrue(message(IllegalArgumentException.class, () -> RigLConfig.builder().method(Method.SET).density(0.5).gradAccumulation(2).build())
                .contains("applies to RIGL only"));
    }

    @Test
    void aModelWithoutSparsifiableLayerIsRejected() {
        Module noWeights = new Sequential(new ReLU());
        SGD empty = new SGD(List.of(), SgdConfig.of(0.1));
        RigLConfig c = RigLConfig.builder().density(0.5).build();
        assertTrue(message(IllegalArgumentException.class, () -> RigL.attach(noWeights, empty, c, 100, new Rng(1)))
                .contains("has no Linear or Conv2d layer"));
        Module one = new Sequential(new Linear(3, 2, true, new Rng(1)));
        RigLConfig allDense = RigLConfig.builder().density(0.5)
                .sparsifiable(new SparsifiableLayers(SparsifiableLayers.FirstLayer.DENSE, true, java.util.Set.of())).build();
        String m = message(IllegalArgumentException.class, () -> RigL.attach(one, TestNets.sgd(one, 0.1, 0), allDense, 100, new Rng(1)));
        assertTrue(m.contains("no sparsifiable layer among [0.weight]"), m);
    }

    @Test
    void unknownExcludedLayerAndForeignOptimizerAreRejected() {
        Module model = TestNets.mlp(new Rng(1), 4, 3, 2);
        RigLConfig ex = RigLConfig.builder().density(0.5).sparsifiable(SparsifiableLayers.reference().excluding("fc9.weight")).build();
        assertTrue(message(IllegalArgumentException.class, () -> RigL.attach(model, TestNets.sgd(model, 0.1, 0), ex, 100, new Rng(1)))
                .contains("excluded layer 'fc9.weight' is not a Linear/Conv2d weight"));
        Module other = TestNets.mlp(new Rng(1), 4, 3, 2);
        RigLConfig c = RigLConfig.builder().density(0.5).build();
        assertTrue(message(IllegalArgumentException.class, () -> RigL.attach(model, TestNets.sgd(other, 0.1, 0), c, 100, new Rng(1)))
                .contains("is not among the optimizer's parameters"));
    }

    @Test
    void methodNamesParseAndUnknownNamesListTheAllowedOnes() {
        assertEquals(Method.SNFS, Method.parse("snfs"));
        String m = message(IllegalArgumentException.class, () -> Method.parse("dense"));
        assertTrue(m.contains("[static, set, snfs, rigl, snip, prune]") && m.contains("do not attach"), m);
    }

    @Test
    void aStateDictThatDoesNotMatchIsRejectedWithEveryReason() {
        Module model = TestNets.mlp(new Rng(1), 6, 5, 2);
        RigLConfig c = RigLConfig.builder().density(0.5).build();
        Map<String, Tensor> state = RigL.attach(model, TestNets.sgd(model, 0.1, 0.9), c, 100, new Rng(2)).stateDict();

        Module wider = TestNets.mlp(new Rng(1), 6, 7, 2);
        String shape = message(IllegalArgumentException.class, () -> RigL.attach(wider, TestNets.sgd(wider, 0.1, 0.9), c, 100, state));
        assertTrue(shape.contains("layer '0.weight': saved shape [5.0, 6.0], the model has [7, 6]"), shape);

        Module deeper = TestNets.mlp(new Rng(1), 6, 5, 4, 2);
        String layers = message(IllegalArgumentException.class, () -> RigL.attach(deeper, TestNets.sgd(deeper, 0.1, 0.9), c, 100, state));
        assertTrue(layers.contains("missing [4.weight]"), layers);

        Module same = TestNets.mlp(new Rng(1), 6, 5, 2);
        RigLConfig set = c.toBuilder().method(Method.SET).build();
        String method = message(IllegalArgumentException.class, () -> RigL.attach(same, TestNets.sgd(same, 0.1, 0.9), set, 100, state));
        assertTrue(method.contains("saved by a RIGL scheduler, this one runs SET"), method);

        RigLConfig denser = c.toBuilder().density(0.8).build();
        String nnz = message(IllegalArgumentException.class, () -> RigL.attach(same, TestNets.sgd(same, 0.1, 0.9), denser, 100, state));
        // 1 - 0.8 = 0.19999999999999996 in double, so floor(s·30) = 5 zeros: 25 ones (spec §1.3 counts)
        assertTrue(nnz.contains("the saved mask has 15 active weights") && nnz.contains("gives 25"), nnz);

        Map<String, Tensor> noSeed = new java.util.HashMap<>(state);
        noSeed.remove("seed");
        assertTrue(message(IllegalArgumentException.class, () -> RigL.attach(same, TestNets.sgd(same, 0.1, 0.9), c, 100, noSeed))
                .contains("missing 'seed'"));
    }
}
