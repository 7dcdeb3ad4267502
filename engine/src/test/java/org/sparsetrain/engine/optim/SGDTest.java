package org.sparsetrain.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * SGD against PyTorch's update rule worked by hand. The loss is {@code 0.5 * sum(w^2)}, so the gradient is
 * {@code w} itself; with {@code w0 = [1, -2]} every trajectory is linear in {@code w0}, so the second element is
 * always {@code -2} times the first. Each comment shows the arithmetic of one step.
 */
class SGDTest {
    private static final double TOL = 1e-12;

    private static Parameter param() { return new Parameter(Tensor.of(new double[] {1.0, -2.0}, 2)); }

    /** zeroGrad, loss = 0.5 * sum(w*w), backward, step. */
    private static void trainStep(Optimizer opt, Parameter w) {
        opt.zeroGrad();
        Tensor loss = Functional.mul(Functional.sum(Functional.mul(w.data(), w.data())), Tensor.scalar(DType.F64, 0.5));
        loss.backward();
        opt.step();
    }

    private static void runAndCheck(SgdConfig config, double... expectedFirstElement) {
        Parameter w = param();
        SGD opt = new SGD(List.of(w), config);
        for (int step = 0; step < expectedFirstElement.length; step++) {
            trainStep(opt, w);
            assertEquals(expectedFirstElement[step], w.data().getFlat(0), TOL, "step " + (step + 1));
            assertEquals(-2 * expectedFirstElement[step], w.data().getFlat(1), TOL, "step " + (step + 1));
        }
        assertEquals(expectedFirstElement.length, opt.steps());
    }

    @Test void plainSgd() {
        // w <- w - 0.1 w = 0.9 w
        runAndCheck(SgdConfig.of(0.1), 0.9, 0.81, 0.729);
    }

    @Test void momentum() {
        // 1: g=1, buf=1, w=0.9 | 2: g=0.9, buf=0.9*1+0.9=1.8, w=0.9-0.18=0.72
        // 3: g=0.72, buf=0.9*1.8+0.72=2.34, w=0.72-0.234=0.486
        runAndCheck(SgdConfig.of(0.1).withMomentum(0.9), 0.9, 0.72, 0.486);
    }

    @Test void nesterov() {
        // 1: g=1, buf=1, d=1+0.9*1=1.9, w=1-0.19=0.81
        // 2: g=0.81, buf=0.9+0.81=1.71, d=0.81+1.539=2.349, w=0.81-0.2349=0.5751
        // 3: g=0.5751, buf=1.539+0.5751=2.1141, d=0.5751+1.90269=2.47779, w=0.5751-0.247779=0.327321
        runAndCheck(SgdConfig.of(0.1).withMomentum(0.9).withNesterov(true), 0.81, 0.5751, 0.327321);
    }

    @Test void weightDecayWithMomentum() {
        // 1: d=1+0.1*1=1.1, buf=1.1, w=1-0.11=0.89
        // 2: d=0.89*1.1=0.979, buf=0.99+0.979=1.969, w=0.89-0.1969=0.6931
        // 3: d=0.6931*1.1=0.76241, buf=1.7721+0.76241=2.53451, w=0.6931-0.253451=0.439649
        runAndCheck(SgdConfig.of(0.1).withMomentum(0.9).withWeightDecay(0.1), 0.89, 0.6931, 0.439649);
    }

    @Test void dampeningSkipsTheFirstStep() {
        // 1: buf=g=1 (no dampening on the first step), w=0.9 | 2: buf=0.9+0.5*0.9=1.35, w=0.9-0.135=0.765
        // 3: buf=1.215+0.5*0.765=1.5975, w=0.765-0.15975=0.60525
        runAndCheck(SgdConfig.of(0.1).withMomentum(0.9).withDampening(0.5), 0.9, 0.765, 0.60525);
    }

    @Test void theGradientIsNotModified() {
        Parameter w = param();
        SGD opt = new SGD(List.of(w), SgdConfig.of(0.1).withMomentum(0.9).withNesterov(true).withWeightDecay(0.5));
        w.data().setGrad(Tensor.of(new double[] {3, 4}, 2));
        opt.step();
        assertEquals(3.0, w.grad().getFlat(0));
        assertEquals(4.0, w.grad().getFlat(1));
    }

    @Test void parametersWithoutGradientAreSkipped() {
        Parameter used = param();
        Parameter unused = param();
        SGD opt = new SGD(List.of(used, unused), SgdConfig.of(0.1).withMomentum(0.9));
        used.data().setGrad(Tensor.of(new double[] {1, 1}, 2));
        opt.step();
        assertEquals(1.0, unused.data().getFlat(0));
        assertNull(opt.state(unused).buffer());
        assertNotNull(opt.state(used).buffer());
    }

    @Test void resetStateZeroesMomentumAtGivenPositionsOnly() {
        Parameter w = new Parameter(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
        SGD opt = new SGD(List.of(w), SgdConfig.of(0.1).withMomentum(0.9));
        opt.resetStateAt(w, 1); // before the first step: nothing to reset, no error
        w.data().setGrad(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
        opt.step();
        opt.resetStateAt(w, 1, 2);
        assertEquals(List.of(1.0, 0.0, 0.0, 4.0), boxed(opt.state(w).buffer()));
        assertThrows(IllegalArgumentException.class, () -> opt.resetStateAt(w, 4));
        assertThrows(IllegalArgumentException.class, () -> opt.resetStateAt(param(), 0));
    }

    @Test void stateDictRoundTripResumesIdentically() {
        SgdConfig cfg = SgdConfig.of(0.1).withMomentum(0.9).withNesterov(true);
        Parameter a = param();
        SGD optA = new SGD(List.of(a), cfg);
        trainStep(optA, a);
        trainStep(optA, a);
        Map<String, Tensor> saved = optA.stateDict();
        Tensor savedWeights = a.data().copy();
        optA.setLearningRate(0.05);
        trainStep(optA, a);

        Parameter b = new Parameter(savedWeights);
        SGD optB = new SGD(List.of(b), cfg);
        optB.loadStateDict(saved);
        assertEquals(2, optB.steps());
        optB.setLearningRate(0.05);
        trainStep(optB, b);
        assertEquals(boxed(a.data()), boxed(b.data()));
        assertEquals(boxed(optA.state(a).buffer()), boxed(optB.state(b).buffer()));
    }

    @Test void loadStateDictRejectsBadInputWithoutChangingAnything() {
        Parameter w = param();
        SGD opt = new SGD(List.of(w), SgdConfig.of(0.1).withMomentum(0.9));
        Map<String, Tensor> bad = opt.stateDict();
        bad.put("momentum_buffer.0", Tensor.zeros(DType.F64, 3));
        bad.put("momentum_buffer.7", Tensor.zeros(DType.F64, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(bad));
        assertTrue(e.getMessage().contains("'momentum_buffer.0': checkpoint has shape [3], parameter 0 has [2]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("unexpected key 'momentum_buffer.7'"), e.getMessage());
        assertNull(opt.state(w).buffer());
    }

    @Test void configValidation() {
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(-1));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(0.1).withNesterov(true));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(0.1).withMomentum(1.0));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(0.1).withWeightDecay(-1e-4));
        Parameter p = param();
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(p, p), SgdConfig.of(0.1)));
    }

    private static List<Double> boxed(Tensor t) { return java.util.Arrays.stream(t.toDoubleArray()).boxed().toList(); }
}
