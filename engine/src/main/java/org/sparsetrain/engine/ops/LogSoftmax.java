package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Log-softmax over the class dimension of feature-major logits:
 * {@code y[c][n] = x[c][n] − log Σ_c' exp(x[c'][n])}, computed with the column maximum subtracted.
 *
 * <p>Shapes: x {@code [classes][N]}, y {@code [classes][N]}.
 * Derivative: {@code dx[c][n] = gy[c][n] − exp(y[c][n]) · Σ_c' gy[c'][n]}.
 */
public final class LogSoftmax {
    private static final String OP = "logSoftmax";

    private LogSoftmax() {}

    public static Tensor apply(Tensor logits) {
        Checks.notNull(OP, "logits", logits);
        Checks.rank(OP, "logits", logits, 2, "[classes, N], feature-major");
        Tensor y = Tensor.zerosLike(logits);
        Backends.get().logSoftmaxForward(logits, y);
        return Autograd.record(OP, y, gy -> {
            Tensor gx = Autograd.newGradientToOverwriteLike(logits);
            Backends.get().logSoftmaxBackward(y, gy, gx);
            return new Tensor[] {gx};
        }, logits);
    }
}
