package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.UnaryOp;
import org.sparsetrain.engine.tensor.Tensor;

/** {@code relu(x) = max(x, 0)}, any shape. Derivative: {@code g * [x > 0]} (0 at x = 0, as in PyTorch). */
public final class Relu {
    private Relu() {}

    public static Tensor apply(Tensor x) {
        Tensor y = Tensor.zerosLike(x);
        Backends.get().unary(UnaryOp.RELU, x, y);
        return Autograd.record("relu", y, g -> {
            Tensor gx = Autograd.newGradientLike(x);
            Backends.get().reluBackward(x, g, gx);
            return new Tensor[] {gx};
        }, x);
    }
}
