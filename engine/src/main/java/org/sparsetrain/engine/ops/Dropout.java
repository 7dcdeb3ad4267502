package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Inverted dropout (Srivastava et al., 2014): in training each element is zeroed with probability {@code p} and
 * the survivors are scaled by {@code 1 / (1 − p)}, so the expectation is unchanged and eval needs no rescaling.
 * In eval (or with {@code p = 0}) it is the identity and returns {@code x} itself.
 *
 * <p>Shapes: any; y like x. The mask {@code m} (values {@code 0} or {@code 1/(1−p)}) is drawn from {@code rng} in
 * flat order, one {@code nextDouble()} per element, so the same seed gives the same mask; it is saved for the
 * backward. Derivative: {@code dx = gy · m}. With {@code p = 1} everything is dropped (and the gradient is 0).
 */
public final class Dropout {
    private static final String OP = "dropout";

    private Dropout() {}

    public static Tensor apply(Tensor x, double p, boolean training, Rng rng) {
        Checks.notNull(OP, "input", x);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(OP + ": probability p must be in [0, 1], got " + p + " (input "
                    + x.shape() + ")");
        }
        if (!training || p == 0) return x;
        Checks.notNull(OP, "rng (needed in training mode)", rng);
        double keep = p == 1 ? 0 : 1 / (1 - p);
        Tensor mask = Tensor.zerosLike(x);
        for (int i = 0; i < mask.size(); i++) mask.setFlat(i, rng.nextDouble() >= p ? keep : 0);
        Tensor y = Tensor.zerosLike(x);
        Backends.get().binary(BinaryOp.MUL, x, mask, y);
        return Autograd.record(OP, y, gy -> {
            Tensor gx = Autograd.newGradientLike(x);
            Backends.get().binary(BinaryOp.MUL, gy, mask, gx);
            return new Tensor[] {gx};
        }, x);
    }
}
