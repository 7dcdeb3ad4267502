package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Feature-major flatten: every dimension but the last (the batch) merged into one,
 * {@code [C][H][W][N] -> [C·H·W][N]}. Because the batch is innermost this is a view: no data moves, and the
 * feature order is (c, h, w), the same as PyTorch's {@code flatten(1)} of {@code [N, C, H, W]}.
 *
 * <p>Shapes: x of rank ≥ 2 {@code [f1]...[fk][N]}, y {@code [f1·...·fk][N]}.
 * Derivative: the gradient viewed back as x's shape.
 */
public final class Flatten {
    private static final String OP = "flatten";

    private Flatten() {}

    public static Tensor apply(Tensor x) {
        Checks.notNull(OP, "input", x);
        if (x.rank() < 2) {
            throw new IllegalArgumentException(OP + ": input must have rank >= 2 ([features..., N], e.g. [C, H, W, N]),"
                    + " got shape " + x.shape());
        }
        int n = x.dim(-1);
        Tensor y = x.viewAs(x.size() / n, n);
        int[] dims = x.shape().dims();
        return Autograd.record(OP, y, gy -> new Tensor[] {gy.viewAs(dims)}, x);
    }
}
