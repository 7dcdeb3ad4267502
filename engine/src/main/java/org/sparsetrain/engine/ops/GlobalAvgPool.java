package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Mean over the spatial dimensions: {@code y[c][n] = (1 / (H·W)) · Σ_{h,w} x[c][h][w][n]}.
 *
 * <p>Shapes: x {@code [C][H][W][N]}, y {@code [C][N]}. Derivative: {@code dx[c][h][w][n] = gy[c][n] / (H·W)}.
 * Implemented as an average pool whose window is the whole image, so a backend's pooling kernel serves both.
 */
public final class GlobalAvgPool {
    private static final String OP = "globalAvgPool";

    private GlobalAvgPool() {}

    public static Tensor apply(Tensor x) {
        Checks.notNull(OP, "input", x);
        Checks.rank(OP, "input", x, 4, "[C, H, W, N], feature-major");
        int c = x.dim(0), h = x.dim(1), w = x.dim(2), n = x.dim(3);
        PoolGeometry g = new PoolGeometry(n, c, h, w, h, w, 1, 1, 0, 0);
        Tensor y = Tensor.zeros(x.dtype(), c, n);
        Backends.get().avgPool2dForward(g, x, y.viewAs(c, 1, 1, n));
        return Autograd.record(OP, y, gy -> {
            Tensor gx = Autograd.newGradientLike(x);
            Backends.get().avgPool2dBackward(g, gy.viewAs(c, 1, 1, n), gx);
            return new Tensor[] {gx};
        }, x);
    }
}
