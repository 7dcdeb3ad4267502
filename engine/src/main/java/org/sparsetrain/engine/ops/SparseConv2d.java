package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.ActivationArrays;
import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * {@link Conv2d} with a sparse weight (design §3): the backend's direct sparse convolution, where each active
 * weight {@code (co, ci, ky, kx)} is a fixed offset into the padded input, with no im2col buffer. Same shapes and
 * derivatives as {@link Conv2d}; the weight gradient is computed at the active positions only, or densely when the
 * parameter {@linkplain Parameter#denseGradientRequested() asks for it} (RigL's grow step). {@code groups == 1}.
 */
public final class SparseConv2d {
    private static final String OP = "sparse conv2d";

    private SparseConv2d() {}

    public static Tensor apply(Tensor x, Parameter w, Tensor b, int stride, int padding) {
        Checks.notNull(OP, "weight", w);
        if (!w.isSparse()) throw new IllegalArgumentException(OP + ": weight " + w + " is not sparse");
        ConvGeometry g = Conv2d.geometry(OP, x, w.shape(), w.dtype(), b, stride, padding, 1);
        SparsityPattern p = w.pattern();
        Tensor values = w.data();
        Backend be = Backends.get();
        // every backend writes every output (Backend contract), so a recycled array will do
        Tensor y = ActivationArrays.newOutputToOverwrite(x.dtype(), g.outC(), g.outH(), g.outW(), g.batch());
        be.sparseConv2dForwardWithBias(g, p, values, x, b, y);
        return Autograd.recordOutputFree(OP, y, gy -> {
            Backend bk = Backends.get();
            Tensor gx = null, gv = null, gb = null;
            if (x.requiresGrad()) {
                gx = Autograd.newGradientToOverwriteLike(x); // every backend overwrites all input channels
                bk.sparseConv2dBackwardInput(g, p, values, gy, gx);
            }
            if (b != null && b.requiresGrad()) gb = Autograd.newGradientLike(b);
            if (values.requiresGrad()) {
                gv = Autograd.newGradient(values.dtype(), p.nnz());
                // the bias gradient comes with the weight gradient, which has gy in cache
                if (w.denseGradientRequested() && w.pattern() == p) {
                    Tensor dense = Tensor.zeros(values.dtype(), w.shape());
                    bk.conv2dBackwardWeightAndBias(g, x, gy, dense, gb);
                    w.accumulateDenseGradient(dense);
                    SparseLinear.gatherInto(p, dense, gv);
                } else {
                    bk.sparseConv2dBackwardWeightAndBias(g, p, x, gy, gv, gb);
                }
            } else if (gb != null) {
                bk.sumRows(gy, gb);
            }
            return new Tensor[] {gx, gv, gb};
        }, x, values, b);
    }
}
