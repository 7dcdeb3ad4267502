package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Fully connected layer on feature-major activations, fused with its bias:
 * {@code y[out][N] = W[out][in] · x[in][N] + b[out]} ({@code b} may be null).
 *
 * <p>Shapes: x {@code [in][N]}, W {@code [out][in]} (PyTorch's order), b {@code [out]}, y {@code [out][N]}.
 * Derivatives: {@code dW = gy · xᵀ}, {@code dx = Wᵀ · gy}, {@code db = sumRows(gy)}. Fused (one GEMM plus a
 * row-bias pass, one tape node) because it is the hot path of every MLP; tested against matmul + addRowBias.
 */
public final class Linear {
    private static final String OP = "linear";

    private Linear() {}

    public static Tensor apply(Tensor x, Tensor w, Tensor b) {
        validate(x, w, b);
        int out = w.dim(0), in = w.dim(1), n = x.dim(1);
        Backend be = Backends.get();
        Tensor y = Tensor.zeros(x.dtype(), out, n);
        be.gemm(false, false, out, n, in, 1, w, x, 0, y);
        if (b != null) be.addRowBias(y, b, y);
        return Autograd.recordOutputFree(OP, y, gy -> {
            Tensor gx = null, gw = null, gb = null;
            if (x.requiresGrad()) {
                gx = Autograd.newGradientToOverwrite(x.dtype(), in, n);
                Backends.get().gemm(true, false, in, n, out, 1, w, gy, 0, gx);
            }
            if (w.requiresGrad()) {
                gw = Autograd.newGradientToOverwrite(w.dtype(), out, in);
                Backends.get().gemm(false, true, out, in, n, 1, gy, x, 0, gw);
            }
            if (b != null && b.requiresGrad()) {
                gb = Autograd.newGradientToOverwrite(b.dtype(), out);
                Backends.get().sumRows(gy, gb);
            }
            return new Tensor[] {gx, gw, gb};
        }, x, w, b);
    }

    private static void validate(Tensor x, Tensor w, Tensor b) {
        Checks.notNull(OP, "input", x);
        Checks.notNull(OP, "weight", w);
        Checks.rank(OP, "input", x, 2, "[in_features, N], feature-major");
        Checks.rank(OP, "weight", w, 2, "[out_features, in_features]");
        Checks.sameDType(OP, "input", x, "weight", w);
        if (x.dim(0) != w.dim(1)) {
            throw new IllegalArgumentException(OP + ": input has " + x.dim(0) + " features (shape " + x.shape()
                    + "), weight " + w.shape() + " expects " + w.dim(1));
        }
        if (b != null) {
            Checks.sameDType(OP, "input", x, "bias", b);
            if (b.rank() != 1 || b.dim(0) != w.dim(0)) {
                throw new IllegalArgumentException(OP + ": bias " + b.shape() + " must be [" + w.dim(0)
                        + "], one value per output feature of weight " + w.shape());
            }
        }
    }
}
