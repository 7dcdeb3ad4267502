package org.sparsetrain.engine.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/** The finite-difference checker itself must be able to fail, or the gradient properties prove nothing. */
class GradCheckTest {

    /** {@code y = 3x} whose backward is off by {@code relativeError}. */
    private static Tensor scaleBy3(Tensor x, double relativeError) {
        Tensor y = Tensor.zerosLike(x);
        Backends.get().affine(x, 3, 0, y);
        return Autograd.record("scaleBy3", y, g -> {
            Tensor gx = Tensor.zerosLike(g);
            Backends.get().affine(g, 3 * (1 + relativeError), 0, gx);
            return new Tensor[] {gx};
        }, x);
    }

    @Test
    void acceptsACorrectBackward() {
        GradCheck.check("scaleBy3", 1, t -> scaleBy3(t[0], 0), GradCheck.leaf(new Rng(1), 3, 4));
    }

    @Test
    void rejectsABackwardOffByOnePartIn10000() {
        assertThrows(AssertionFailedError.class,
                () -> GradCheck.check("scaleBy3", 2, t -> scaleBy3(t[0], 1e-4), GradCheck.leaf(new Rng(2), 3, 4)));
    }

    @Test
    void rejectsAnOpThatDropsTheGradient() {
        assertThrows(AssertionFailedError.class, () -> GradCheck.check("detached", 3,
                t -> Functional.mul(t[0], t[1].detach()), GradCheck.leaf(new Rng(3), 2, 2), GradCheck.leaf(new Rng(4), 2, 2)));
    }
}
