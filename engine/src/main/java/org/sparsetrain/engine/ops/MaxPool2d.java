package org.sparsetrain.engine.ops;

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

    private MaxPool2d() {}

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
