package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * A bias per row (feature or channel) of a feature-major tensor: {@code y[r][...] = x[r][...] + b[r]}.
 *
 * <p>Shapes: x {@code [R][...]} of any rank ≥ 1 (e.g. {@code [out][N]} or {@code [C][H][W][N]}), b {@code [R]},
 * y like x. Derivatives: {@code dx = gy}, {@code db[r] = sum of gy over row r} ({@code sumRows}).
 */
public final class AddRowBias {
    private static final String OP = "addRowBias";

    private AddRowBias() {}

    public static Tensor apply(Tensor x, Tensor b) {
        Checks.notNull(OP, "input", x);
        Checks.notNull(OP, "bias", b);
        if (x.rank() < 1) {
            throw new IllegalArgumentException(OP + ": input must have rank >= 1 ([rows, ...]), got shape " + x.shape());
        }
        Checks.sameDType(OP, "input", x, "bias", b);
        if (b.rank() != 1 || b.dim(0) != x.dim(0)) {
            throw new IllegalArgumentException(OP + ": bias " + b.shape() + " must be [" + x.dim(0)
                    + "], one value per row of input " + x.shape());
        }
        Tensor y = Tensor.zerosLike(x);
        Backends.get().addRowBias(x, b, y);
        return Autograd.recordOutputFree(OP, y, gy -> {
            Tensor gb = null;
            if (b.requiresGrad()) {
                gb = Autograd.newGradientToOverwriteLike(b);
                Backends.get().sumRows(gy, gb);
            }
            return new Tensor[] {x.requiresGrad() ? gy : null, gb};
        }, x, b);
    }
}
