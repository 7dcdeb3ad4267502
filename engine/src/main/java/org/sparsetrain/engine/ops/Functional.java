package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The differentiable ops in one place, like {@code torch.nn.functional}: each method delegates to the op's own
 * class, where its derivative and shapes are documented.
 */
public final class Functional {
    private Functional() {}

    public static Tensor add(Tensor a, Tensor b) { return ElementwiseBinary.apply(BinaryOp.ADD, a, b); }

    public static Tensor sub(Tensor a, Tensor b) { return ElementwiseBinary.apply(BinaryOp.SUB, a, b); }

    public static Tensor mul(Tensor a, Tensor b) { return ElementwiseBinary.apply(BinaryOp.MUL, a, b); }

    public static Tensor div(Tensor a, Tensor b) { return ElementwiseBinary.apply(BinaryOp.DIV, a, b); }

    public static Tensor matmul(Tensor a, Tensor b) { return MatMul.apply(a, b); }

    public static Tensor relu(Tensor x) { return Relu.apply(x); }

    public static Tensor sum(Tensor x) { return Reduce.sum(x); }

    public static Tensor mean(Tensor x) { return Reduce.mean(x); }

    public static Tensor reshape(Tensor x, int... dims) { return Reshape.apply(x, dims); }

    public static Tensor toFeatureMajor(Tensor x) { return Layout.toFeatureMajor(x); }

    public static Tensor toBatchMajor(Tensor x) { return Layout.toBatchMajor(x); }

    // ---- contract for the ops being written (each moves into its own class in ops/) ----

    /** {@code y[out][N] = w[out][in] · x[in][N] + b[out]} (feature-major); {@code b} may be null. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) { throw todo("linear"); }

    /** Bias added per row (channel) of a feature-major tensor: {@code x[C][...] + b[C]}. */
    public static Tensor addRowBias(Tensor x, Tensor b) { throw todo("addRowBias"); }

    /** 2-D convolution, x {@code [C][H][W][N]}, w {@code [Co][C/groups][kH][kW]}, b {@code [Co]} or null. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding, int groups) { throw todo("conv2d"); }

    /**
     * Batch norm over {@code [C][H][W][N]}. Training: batch statistics, and the running buffers (if not null)
     * updated in place with {@code momentum} (PyTorch's convention, unbiased variance). Eval: running statistics.
     * {@code gamma}/{@code beta} null means no affine transform.
     */
    public static Tensor batchNorm2d(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                     boolean training, double momentum, double eps) { throw todo("batchNorm2d"); }

    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) { throw todo("maxPool2d"); }

    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) { throw todo("avgPool2d"); }

    /** {@code [C][H][W][N] -> [C][N]}: mean over H and W. */
    public static Tensor globalAvgPool(Tensor x) { throw todo("globalAvgPool"); }

    /** {@code [C][H][W][N] -> [C*H*W][N]} (feature-major flatten; a view). */
    public static Tensor flatten(Tensor x) { throw todo("flatten"); }

    /** Inverted dropout: zero with probability p, scale survivors by 1/(1-p); identity when not training. */
    public static Tensor dropout(Tensor x, double p, boolean training, Rng rng) { throw todo("dropout"); }

    /** Log-softmax over the class dimension 0 of feature-major logits {@code [classes][N]}. */
    public static Tensor logSoftmax(Tensor logits) { throw todo("logSoftmax"); }

    /**
     * Mean cross-entropy of feature-major logits {@code [classes][N]} against integer labels (length N), with
     * PyTorch's label smoothing: target = (1 - s) one-hot + s / classes.
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels, double labelSmoothing) { throw todo("crossEntropy"); }

    private static UnsupportedOperationException todo(String op) {
        return new UnsupportedOperationException(op + " is not implemented yet");
    }
}
