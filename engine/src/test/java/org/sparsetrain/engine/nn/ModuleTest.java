package org.sparsetrain.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

class ModuleTest {

    private static Sequential model(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new ToFeatureMajor(), new Linear(4, 3, true, rng), new ReLU(),
                new Sequential(new Linear(3, 2, false, rng), new BatchNorm2d(2)));
    }

    @Test void namesAreDottedAndInRegistrationOrder() {
        Sequential m = model(1);
        assertEquals(List.of("1.weight", "1.bias", "3.0.weight", "3.1.weight", "3.1.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("3.1.running_mean", "3.1.running_var", "3.1.num_batches_tracked"),
                List.copyOf(m.namedBuffers().keySet()));
        assertEquals(List.of("1.weight", "1.bias", "3.0.weight", "3.1.weight", "3.1.bias", "3.1.running_mean",
                "3.1.running_var", "3.1.num_batches_tracked"), List.copyOf(m.stateDict().keySet()));
        Linear first = (Linear) m.get(1);
        assertSame(first.weight(), m.parameters().get(0));
        assertEquals(5, m.parameters().size());
    }

    @Test void parametersRequireGradAndAreLeaves() {
        for (Parameter p : model(2).parameters()) {
            assertTrue(p.data().requiresGrad());
            assertTrue(p.data().isLeaf());
        }
    }

    @Test void sharedParameterIsListedOnce() {
        Rng rng = new Rng(3);
        Linear shared = new Linear(2, 2, true, rng);
        Sequential m = new Sequential(shared, new ReLU(), shared);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(m.namedParameters().keySet()));
    }

    @Test void trainAndEvalReachEveryDescendant() {
        Sequential m = model(4);
        assertTrue(m.isTraining());
        m.eval();
        for (Module child : List.of(m.get(0), m.get(1), m.get(3), ((Sequential) m.get(3)).get(1))) {
            assertFalse(child.isTraining(), child.toString());
        }
        m.train();
        assertTrue(((Sequential) m.get(3)).get(1).isTraining());
    }

    @Test void zeroGradDropsGradients() {
        Sequential m = model(5);
        for (Parameter p : m.parameters()) p.data().setGrad(Tensor.zerosLike(p.data()).fill(1));
        m.zeroGrad();
        for (Parameter p : m.parameters()) assertNull(p.grad());
    }

    @Test void stateDictIsACopyAndLoadsIntoAnotherInstanceInPlace() {
        Sequential a = model(6);
        Sequential b = model(7);
        Tensor bWeightBefore = ((Linear) b.get(1)).weight().data();
        Map<String, Tensor> state = a.stateDict();
        assertNotSame(((Linear) a.get(1)).weight().data(), state.get("1.weight"));
        state.get("3.1.running_mean").fill(0.25);

        Module.LoadReport report = b.loadStateDict(state, true);

        assertTrue(report.isComplete());
        assertSame(bWeightBefore, ((Linear) b.get(1)).weight().data(), "load writes into the existing tensors");
        var expected = a.stateDict();
        expected.put("3.1.running_mean", state.get("3.1.running_mean"));
        var actual = b.stateDict();
        for (String k : expected.keySet()) {
            assertEquals(List.of(box(expected.get(k))), List.of(box(actual.get(k))), k);
        }
        assertEquals(0.0, ((BatchNorm2d) ((Sequential) a.get(3)).get(1)).runningMean().getFlat(0),
                "changing the copy must not change the source module");
    }

    @Test void strictLoadNamesMissingAndUnexpectedKeys() {
        Sequential m = model(8);
        Map<String, Tensor> state = m.stateDict();
        state.remove("1.bias");
        state.put("9.weight", Tensor.zeros(1));
        var e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, true));
        assertTrue(e.getMessage().contains("missing keys [1.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys [9.weight]"), e.getMessage());
    }

    @Test void nonStrictLoadReportsAndLoadsTheRest() {
        Sequential m = model(9);
        Map<String, Tensor> state = new LinkedHashMap<>(model(10).stateDict());
        state.remove("1.bias");
        state.put("extra", Tensor.zeros(1));
        Module.LoadReport report = m.loadStateDict(state, false);
        assertEquals(List.of("1.bias"), report.missingKeys());
        assertEquals(List.of("extra"), report.unexpectedKeys());
        assertEquals(state.get("1.weight").getFlat(0), ((Linear) m.get(1)).weight().data().getFlat(0));
    }

    @Test void shapeMismatchIsAnErrorNamingKeyAndBothShapesAndWritesNothing() {
        Sequential m = model(11);
        Map<String, Tensor> state = model(12).stateDict();
        state.put("3.0.weight", Tensor.zeros(3, 2));
        double before = ((Linear) m.get(1)).weight().data().getFlat(0);
        var e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, false));
        assertTrue(e.getMessage().contains("'3.0.weight': checkpoint has shape [3, 2], the module has [2, 3]"),
                e.getMessage());
        assertEquals(before, ((Linear) m.get(1)).weight().data().getFlat(0));
    }

    @Test void duplicateOrDottedNamesAreRejected() {
        class Bad extends Module {
            Bad(String second) {
                registerParameter("w", Parameter.zeros(org.sparsetrain.engine.tensor.DType.F32, 1));
                registerBuffer(second, Tensor.zeros(1));
            }

            @Override public Tensor forward(Tensor x) { return x; }
        }
        assertThrows(IllegalArgumentException.class, () -> new Bad("w"));
        assertThrows(IllegalArgumentException.class, () -> new Bad("a.b"));
    }

    @Test void toStringShowsTheTree() {
        String s = model(13).toString();
        assertTrue(s.contains("(1): Linear(4->3)"), s);
        assertTrue(s.contains("(0): Linear(3->2, no bias)"), s);
    }

    private static List<Double> box(Tensor t) {
        return java.util.Arrays.stream(t.toDoubleArray()).boxed().toList();
    }
}
