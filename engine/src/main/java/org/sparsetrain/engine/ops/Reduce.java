package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Full reductions to a scalar: {@code sum(x)} and {@code mean(x) = sum(x) / size}.
 * Derivatives: every element gets {@code g} (sum) or {@code g / size} (mean).
 */
public final class Reduce {
    private Reduce() {}

    public static Tensor sum(Tensor x) { return reduce("sum", x, 1.0); }

    public static Tensor mean(Tensor x) { return reduce("mean", x, 1.0 / x.size()); }

    private static Tensor reduce(String op, Tensor x, double scale) {
        Tensor y = Tensor.scalar(x.dtype(), Backends.get().sum(x) * scale);
        return Autograd.record(op, y, g -> new Tensor[] {
            Autograd.newGradientLike(x).fill(g.item() * scale)
        }, x);
    }
}
