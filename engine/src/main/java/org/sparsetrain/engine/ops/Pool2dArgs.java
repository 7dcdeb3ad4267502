package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.tensor.Tensor;

/** Validation shared by {@link MaxPool2d} and {@link AvgPool2d}: square window, stride and padding. */
final class Pool2dArgs {
    private Pool2dArgs() {}

    static PoolGeometry geometry(String op, Tensor x, int kernel, int stride, int padding) {
        Checks.notNull(op, "input", x);
        Checks.rank(op, "input", x, 4, "[C, H, W, N], feature-major");
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException(op + ": kernel and stride must be >= 1, got kernel=" + kernel
                    + " stride=" + stride + " for input " + x.shape());
        }
        if (padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(op + ": padding must be in [0, kernel/2], got padding=" + padding
                    + " for kernel=" + kernel + " (input " + x.shape() + ")");
        }
        if (x.dim(1) + 2 * padding < kernel || x.dim(2) + 2 * padding < kernel) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + "x" + kernel + " is larger than input "
                    + x.shape() + " padded by " + padding);
        }
        return new PoolGeometry(x.dim(3), x.dim(0), x.dim(1), x.dim(2), kernel, kernel, stride, stride, padding, padding);
    }
}
