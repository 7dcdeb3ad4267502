package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Average pooling over square windows of feature-major images; padded cells count as zeros in the divisor
 * ({@code kernel²}, PyTorch's {@code count_include_pad=True}).
 *
 * <p>Shapes: x {@code [C][H][W][N]}, y {@code [C][Ho][Wo][N]} with {@code Ho = (H + 2·padding − kernel) / stride + 1}.
 * Derivative: each output's gradient divided by {@code kernel²} and spread over the in-bounds cells of its window.
 */
public final class AvgPool2d {
    private static final String OP = "avgPool2d";

    private AvgPool2d() {}

    public static Tensor apply(Tensor x, int kernel, int stride, int padding) {
        PoolGeometry g = Pool2dArgs.geometry(OP, x, kernel, stride, padding);
        Tensor y = Tensor.zeros(x.dtype(), g.channels(), g.outH(), g.outW(), g.batch());
        Backends.get().avgPool2dForward(g, x, y);
        // the backward reads gy (and the winners) only: the next op may overwrite y in place
        return Autograd.recordOutputFree(OP, y, gy -> {
            // the backend writes every input cell (Backend contract), so a recycled array needs no zeroing
            Tensor gx = Autograd.newGradientToOverwriteLike(x);
            Backends.get().avgPool2dBackward(g, gy, gx);
            return new Tensor[] {gx};
        }, x);
    }
}
