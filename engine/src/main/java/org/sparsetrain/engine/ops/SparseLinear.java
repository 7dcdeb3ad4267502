package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * {@link Linear} with a sparse weight (design §3): {@code y[out][N] = W·x + b} where W is a sparse
 * {@link Parameter} ({@code [out][in]} logically, values for the active positions only).
 *
 * <p>Forward is SpMM; backward gives {@code dx = Wᵀ·dy} (SpMM on the transposed index) and the gradient of the
 * values by SDDMM, at the active positions only. When the parameter {@linkplain Parameter#denseGradientRequested()
 * asks for it} (a RigL grow step), backward instead computes the dense {@code dy·xᵀ} once, hands it to the
 * parameter, and gathers the values' gradient from it: the same numbers, one product.
 */
public final class SparseLinear {
    private static final String OP = "sparse linear";

    private SparseLinear() {}

    public static Tensor apply(Tensor x, Parameter w, Tensor b) {
        Checks.notNull(OP, "weight", w);
        if (!w.isSparse()) throw new IllegalArgumentException(OP + ": weight " + w + " is not sparse");
        validate(x, w, b);
        SparsityPattern p = w.pattern();
        Tensor values = w.data();
        int out = p.rows(), in = p.cols(), n = x.dim(1);
        Backend be = Backends.get();
        Tensor y = Tensor.zeros(x.dtype(), out, n);
        be.sparseLinearForward(p, values, x, b, y);
        return Autograd.recordOutputFree(OP, y, gy -> {
            Backend bk = Backends.get();
            Tensor gx = x.requiresGrad() ? Autograd.newGradientToOverwrite(x.dtype(), in, n) : null;
            Tensor gv = values.requiresGrad() ? Autograd.newGradientToOverwrite(values.dtype(), p.nnz()) : null;
            Tensor gb = b != null && b.requiresGrad() ? Autograd.newGradientToOverwrite(b.dtype(), out) : null;
            boolean dense = gv != null && w.denseGradientRequested() && w.pattern() == p;
            // one call for the three products, which a backend may run at once (they only read gy, x and values)
            bk.sparseLinearBackward(p, values, gy, x, gx, dense ? null : gv, gb);
            if (dense) {
                Tensor full = Tensor.zeros(values.dtype(), out, in);
                bk.gemm(false, true, out, in, n, 1, gy, x, 0, full);
                w.accumulateDenseGradient(full);
                gatherInto(p, full, gv);
            }
            return new Tensor[] {gx, gv, gb};
        }, x, values, b);
    }

    static void gatherInto(SparsityPattern p, Tensor dense, Tensor values) {
        if (dense.dtype() == org.sparsetrain.engine.tensor.DType.F64) {
            p.gather(dense.doubles(), dense.offset(), values.doubles(), values.offset());
        } else {
            p.gather(dense.floats(), dense.offset(), values.floats(), values.offset());
        }
    }

    private static void validate(Tensor x, Parameter w, Tensor b) {
        Checks.notNull(OP, "input", x);
        Checks.rank(OP, "input", x, 2, "[in_features, N], feature-major");
        Checks.sameDType(OP, "input", x, "weight values", w.data());
        if (w.shape().rank() != 2) {
            throw new IllegalArgumentException(OP + ": weight must be [out_features, in_features], got " + w.shape());
        }
        if (x.dim(0) != w.shape().dim(1)) {
            throw new IllegalArgumentException(OP + ": input has " + x.dim(0) + " features (shape " + x.shape()
                    + "), weight " + w.shape() + " expects " + w.shape().dim(1));
        }
        if (b != null) {
            Checks.sameDType(OP, "input", x, "bias", b);
            if (b.rank() != 1 || b.dim(0) != w.shape().dim(0)) {
                throw new IllegalArgumentException(OP + ": bias " + b.shape() + " must be [" + w.shape().dim(0)
                        + "], one value per output feature of weight " + w.shape());
            }
        }
    }
}
