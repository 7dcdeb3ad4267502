package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.ActivationArrays;
import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) with square stride and padding, groups (depthwise when
 * {@code groups == C}) and an optional bias, on feature-major images.
 *
 * <p>Shapes: x {@code [C][H][W][N]}, w {@code [Co][C/groups][kH][kW]}, b {@code [Co]} or null,
 * y {@code [Co][Ho][Wo][N]} with {@code Ho = (H + 2·padding − kH) / stride + 1} (likewise Wo).
 * Derivatives: {@code dx = conv2dBackwardInput(gy, w)} (the transposed convolution),
 * {@code dw = conv2dBackwardWeight(x, gy)} (correlation of x with gy), {@code db[co] = sum of gy over [Ho][Wo][N]}.
 */
public final class Conv2d {
    private static final String OP = "conv2d";

    private Conv2d() {}

    public static Tensor apply(Tensor x, Tensor w, Tensor b, int stride, int padding, int groups) {
        ConvGeometry g = geometry(x, w, b, stride, padding, groups);
        Backend be = Backends.get();
        // every backend writes every output (Backend contract), so a recycled array will do
        Tensor y = ActivationArrays.newOutputToOverwrite(x.dtype(), g.outC(), g.outH(), g.outW(), g.batch());
        be.conv2dForwardWithBias(g, x, w, b, y);
        return Autograd.recordOutputFree(OP, y, gy -> {
            Tensor gx = null, gw = null, gb = null;
            if (x.requiresGrad()) {
                gx = Autograd.newGradientLike(x);
                Backends.get().conv2dBackwardInput(g, gy, w, gx);
            }
            if (b != null && b.requiresGrad()) gb = Autograd.newGradientLike(b);
            if (w.requiresGrad()) {
                gw = Autograd.newGradientLike(w);
                Backends.get().conv2dBackwardWeightAndBias(g, x, gy, gw, gb); // gb: while gy is in cache
            } else if (gb != null) {
                Backends.get().sumRows(gy, gb);
            }
            return new Tensor[] {gx, gw, gb};
        }, x, w, b);
    }

    /** Validates the arguments with messages naming the argument and the shapes, then builds the geometry. */
    static ConvGeometry geometry(Tensor x, Tensor w, Tensor b, int stride, int padding, int groups) {
        Checks.notNull(OP, "weight", w);
        return geometry(OP, x, w.shape(), w.dtype(), b, stride, padding, groups);
    }

    /** The same for a weight known by its logical shape and dtype (a sparse weight has no dense tensor). */
    static ConvGeometry geometry(String op, Tensor x, Shape wShape, DType wType, Tensor b, int stride, int padding,
                                 int groups) {
        Checks.notNull(op, "input", x);
        Checks.rank(op, "input", x, 4, "[C, H, W, N], feature-major");
        if (wShape.rank() != 4) {
            throw new IllegalArgumentException(op + ": weight must have rank 4 ([out_channels, in_channels/groups, kH, kW]), got shape "
                    + wShape);
        }
        if (x.dtype() != wType) {
            throw new IllegalArgumentException(op + ": weight is " + wType + " " + wShape + " but input is " + x.dtype()
                    + " " + x.shape() + "; all operands must have the same dtype");
        }
        if (stride < 1 || padding < 0 || groups < 1) {
            throw new IllegalArgumentException(op + ": need stride >= 1, padding >= 0, groups >= 1, got stride="
                    + stride + " padding=" + padding + " groups=" + groups + " (input " + x.shape() + ", weight "
                    + wShape + ")");
        }
        int c = x.dim(0), co = wShape.dim(0);
        if (c % groups != 0 || co % groups != 0) {
            throw new IllegalArgumentException(op + ": groups=" + groups + " must divide the input channels of input "
                    + x.shape() + " (" + c + ") and the output channels of weight " + wShape + " (" + co + ")");
        }
        if (wShape.dim(1) * groups != c) {
            throw new IllegalArgumentException(op + ": input has " + c + " channels (shape " + x.shape() + "), weight "
                    + wShape + " with groups=" + groups + " expects " + wShape.dim(1) * groups);
        }
        int kh = wShape.dim(2), kw = wShape.dim(3);
        if (x.dim(1) + 2 * padding < kh || x.dim(2) + 2 * padding < kw) {
            throw new IllegalArgumentException(op + ": kernel " + kh + "x" + kw + " of weight " + wShape
                    + " is larger than input " + x.shape() + " padded by " + padding);
        }
        if (b != null) {
            Checks.sameDType(op, "input", x, "bias", b);
            if (b.rank() != 1 || b.dim(0) != co) {
                throw new IllegalArgumentException(op + ": bias " + b.shape() + " must be [" + co
                        + "], one value per output channel of weight " + wShape);
            }
        }
        return new ConvGeometry(x.dim(3), c, x.dim(1), x.dim(2), co, kh, kw, stride, stride, padding, padding, groups);
    }
}
