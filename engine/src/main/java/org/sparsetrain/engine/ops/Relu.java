package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.UnaryOp;
import org.sparsetrain.engine.tensor.Tensor;

/** {@code relu(x) = max(x, 0)}, any shape. Derivative: {@code g * [x > 0]} (0 at x = 0, as in PyTorch). */
public final class Relu {
    static final String IN_PLACE_OP = "relu (in place)";

    private Relu() {}

    public static Tensor apply(Tensor x) {
        Tensor y = Tensor.zerosLike(x);
        Backends.get().unary(UnaryOp.RELU, x, y);
        return Autograd.record("relu", y, g -> {
            Tensor gx = Autograd.newGradientToOverwriteLike(x);
            Backends.get().reluBackward(x, g, gx);
            return new Tensor[] {gx};
        }, x);
    }

    /**
     * relu that takes over {@code x}'s storage when {@link Autograd#mayOverwrite} allows it, and otherwise
     * computes a new tensor; either way {@code x} must not be used again (a later op given {@code x} fails).
     * Why: a model's pre-activation is read by nothing but its relu, and a fresh array per activation costs more
     * than the relu itself (a cold, JVM-zeroed 150 KB array for LeNet-300-100's first layer).
     *
     * <p>The backward reads the output instead of the input: {@code relu(x) > 0} exactly where {@code x > 0},
     * so the gradient is the same bit for bit.
     */
    public static Tensor applyInPlace(Tensor x) {
        if (!Autograd.mayOverwrite(x)) {
            Tensor y = apply(x);
            x.markOverwrittenBy(IN_PLACE_OP);
            return y;
        }
        Backends.get().unary(UnaryOp.RELU, x, x);
        Tensor y = x.detach();
        Autograd.record(IN_PLACE_OP, y, g -> {
            Tensor gx = Autograd.newGradientToOverwriteLike(y);
            Backends.get().reluBackward(y, g, gx);
            return new Tensor[] {gx};
        }, x);
        x.markOverwrittenBy(IN_PLACE_OP);
        return y;
    }
}
