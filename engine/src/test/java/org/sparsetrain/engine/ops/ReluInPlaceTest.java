package org.sparsetrain.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.sparsetrain.engine.autograd.GradMode;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * {@link Functional#reluInPlace}: the same values and gradients as {@link Functional#relu}, its input's storage
 * taken over only when no gradient needs the old values, and any later use of the input refused.
 */
class ReluInPlaceTest {

    private static Tensor[] params(long seed) {
        Rng rng = new Rng(seed);
        return new Tensor[] {
            Tensor.randn(DType.F32, rng, 6, 5),                              // x: [in][N]
            Tensor.randn(DType.F32, rng, 4, 6).requiresGradInPlace(true),    // w
            Tensor.randn(DType.F32, rng, 4).requiresGradInPlace(true)        // b
        };
    }

    @Test void sameValuesAndGradientsAsRelu() {
        Tensor[] p = params(1), q = params(1);
        Tensor outOfPlace = Functional.relu(Functional.linear(p[0], p[1], p[2]));
        Functional.sum(Functional.mul(outOfPlace, outOfPlace)).backward();
        Tensor inPlace = Functional.reluInPlace(Functional.linear(q[0], q[1], q[2]));
        Functional.sum(Functional.mul(inPlace, inPlace)).backward();
        assertArrayEquals(outOfPlace.toFloatArray(), inPlace.toFloatArray());
        assertArrayEquals(p[1].grad().toFloatArray(), q[1].grad().toFloatArray());
        assertArrayEquals(p[2].grad().toFloatArray(), q[2].grad().toFloatArray());
    }

    @Test void finiteDifferencesAgreeInDoublePrecision() {
        Rng rng = new Rng(7);
        Tensor x = GradCheck.leaf(rng, 5, 3), w = GradCheck.leaf(rng, 4, 5), b = GradCheck.leaf(rng, 4);
        GradCheck.check("reluInPlace(linear)", 7, t -> Functional.reluInPlace(Functional.linear(t[0], t[1], t[2])),
                x, w, b);
    }

    @Test void takesOverTheStorageOfALinearOutput() {
        Tensor[] p = params(2);
        Tensor pre = Functional.linear(p[0], p[1], p[2]);
        Tensor y = Functional.reluInPlace(pre);
        assertSame(pre.floats(), y.floats());
    }

    @Test void copiesWhenTheProducerReadsItsOutputOrAnotherOpSavedTheInput() {
        Tensor[] p = params(3);
        Tensor viaRelu = Functional.relu(Functional.linear(p[0], p[1], p[2])); // relu's backward may read it
        assertNotSame(viaRelu.floats(), Functional.reluInPlace(viaRelu).floats());

        Tensor[] q = params(3), r = params(3);
        // a = linear(..); loss = sum(a * a) + sum(relu(a)): mul saved a, so relu must not overwrite it
        Tensor a = Functional.linear(q[0], q[1], q[2]);
        Tensor squares = Functional.mul(a, a);
        Tensor activated = Functional.reluInPlace(a);
        assertNotSame(a.floats(), activated.floats());
        Functional.add(Functional.sum(squares), Functional.sum(activated)).backward();
        Tensor ra = Functional.linear(r[0], r[1], r[2]);
        Functional.add(Functional.sum(Functional.mul(ra, ra)), Functional.sum(Functional.relu(ra))).backward();
        assertArrayEquals(r[1].grad().toFloatArray(), q[1].grad().toFloatArray());
    }

    @Test void leavesThatNeedAGradientAreNeverOverwritten() {
        Tensor leaf = Tensor.of(new float[] {-1, 2}, 2).requiresGradInPlace(true);
        Tensor y = Functional.reluInPlace(leaf);
        assertArrayEquals(new float[] {-1, 2}, leaf.toFloatArray());
        assertArrayEquals(new float[] {0, 2}, y.toFloatArray());
    }

    @Test void worksInPlaceWithoutAGraph() {
        Tensor[] p = params(4);
        try (var _ = GradMode.disabled()) {
            Tensor pre = Functional.linear(p[0], p[1], p[2]);
            Tensor expected = Functional.relu(pre);
            Tensor y = Functional.reluInPlace(pre);
            assertSame(pre.floats(), y.floats());
            assertArrayEquals(expected.toFloatArray(), y.toFloatArray());
        }
    }

    @Test void usingTheInputAgainIsAnError() {
        Tensor[] p = params(5);
        Tensor pre = Functional.linear(p[0], p[1], p[2]);
        Functional.reluInPlace(pre);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Functional.add(pre, pre));
        assertTrue(e.getMessage().contains("relu (in place)"), e.getMessage());
    }
}
