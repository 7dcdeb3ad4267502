package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.ActivationArrays;
import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.autograd.SavedIndexArrays;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Max pooling over square windows of feature-major images; padded cells never win.
 *
 * <p>Shapes: x {@code [C][H][W][N]}, y {@code [C][Ho][Wo][N]} with {@code Ho = (H + 2·padding − kernel) / stride + 1}.
 * Derivative: each output's gradient goes to the input cell that won its window (the first maximum on ties,
 * as in PyTorch), summed where windows overlap; every other cell gets 0.
 */
public final class MaxPool2d {
    private static final String OP = "maxPool2d";
    static final String CONSUMING_OP = "maxPool2d (consuming its input)";

    private MaxPool2d() {}

    /**
     * {@link #apply} that ends {@code x}: {@code x} must not be used again (a later op given it fails), and its array
     * may serve a later activation of the same size ({@link ActivationArrays}). For a convolution's output read by
     * nothing but its pool, as in LeNet-5. The result is the same as {@link #apply}'s.
     */
    public static Tensor applyConsuming(Tensor x, int kernel, int stride, int padding) {
        Checks.notNull(CONSUMING_OP, "input", x);
        boolean mayRecycle = ActivationArrays.mayRecycle(x); // asked before this op's node counts a use of x
        Tensor y = apply(x, kernel, stride, padding); // the backward reads x's shape only, never its values
        ActivationArrays.consume(x, CONSUMING_OP, mayRecycle);
        return y;
    }

    public static Tensor apply(Tensor x, int kernel, int stride, int padding) {
        PoolGeometry g = Pool2dArgs.geometry(OP, x, kernel, stride, padding);
        Tensor y = Tensor.zeros(x.dtype(), g.channels(), g.outH(), g.outW(), g.batch());
        // every backend writes every winner, so a recycled array (given back when the node is freed) will do
        int[] argmax = SavedIndexArrays.take(y.size());
        Backends.get().maxPool2dForward(g, x, y, argmax);
        // the backward reads gy (and the winners) only: the next op may overwrite y in place
        return Autograd.recordOutputFreeWithIndices(OP, y, argmax, gy -> {
            // the backend writes every input cell (Backend contract), so a recycled array needs no zeroing
            Tensor gx = Autograd.newGradientToOverwriteLike(x);
            Backends.get().maxPool2dBackward(g, gy, argmax, gx);
            return new Tensor[] {gx};
        }, x);
    }
}
