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

    /**
     * relu that may overwrite {@code x} (when no gradient needs its values); {@code x} must not be used again.
     * For a pre-activation read by nothing else, as in {@code reluInPlace(fc1.forward(h))}.
     */
    public static Tensor reluInPlace(Tensor x) { return Relu.applyInPlace(x); }

    public static Tensor sum(Tensor x) { return Reduce.sum(x); }

    public static Tensor mean(Tensor x) { return Reduce.mean(x); }

    public static Tensor reshape(Tensor x, int... dims) { return Reshape.apply(x, dims); }

    public static Tensor toFeatureMajor(Tensor x) { return Layout.toFeatureMajor(x); }

    public static Tensor toBatchMajor(Tensor x) { return Layout.toBatchMajor(x); }

    // ---- layers (feature-major activations: [features][N], [C][H][W][N]) ----

    /** {@code y[out][N] = w[out][in] · x[in][N] + b[out]} (feature-major); {@code b} may be null. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) { return Linear.apply(x, w, b); }

    /** Bias added per row (channel) of a feature-major tensor: {@code x[C][...] + b[C]}. */
    public static Tensor addRowBias(Tensor x, Tensor b) { return AddRowBias.apply(x, b); }

    /** 2-D convolution, x {@code [C][H][W][N]}, w {@code [Co][C/groups][kH][kW]}, b {@code [Co]} or null. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding, int groups) {
        return Conv2d.apply(x, w, b, stride, padding, groups);
    }

    /**
     * Batch norm over {@code [C][H][W][N]}. Training: batch statistics, and the running buffers (if not null)
     * updated in place with {@code momentum} (PyTorch's convention, unbiased variance). Eval: running statistics.
     * {@code gamma}/{@code beta} null means no affine transform.
     */
    public static Tensor batchNorm2d(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                     boolean training, double momentum, double eps) {
        return BatchNorm2d.apply(x, gamma, beta, runningMean, runningVar, training, momentum, eps);
    }

    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        return MaxPool2d.apply(x, kernel, stride, padding);
    }

    /**
     * max-pool that ends {@code x}: {@code x} must not be used again, and its array may hold a later activation
     * (when no gradient needs it). For a convolution's output read by nothing else, as in
     * {@code maxPool2dConsuming(conv1.forward(x), 2, 2, 0)}; same result as {@link #maxPool2d}.
     */
    public static Tensor maxPool2dConsuming(Tensor x, int kernel, int stride, int padding) {
        return MaxPool2d.applyConsuming(x, kernel, stride, padding);
    }

    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        return AvgPool2d.apply(x, kernel, stride, padding);
    }

    /** {@code [C][H][W][N] -> [C][N]}: mean over H and W. */
    public static Tensor globalAvgPool(Tensor x) { return GlobalAvgPool.apply(x); }

    /** {@code [C][H][W][N] -> [C*H*W][N]} (feature-major flatten; a view). */
    public static Tensor flatten(Tensor x) { return Flatten.apply(x); }

    /** Inverted dropout: zero with probability p, scale survivors by 1/(1-p); identity when not training. */
    public static Tensor dropout(Tensor x, double p, boolean training, Rng rng) {
        return Dropout.apply(x, p, training, rng);
    }

    /** Log-softmax over the class dimension 0 of feature-major logits {@code [classes][N]}. */
    public static Tensor logSoftmax(Tensor logits) { return LogSoftmax.apply(logits); }

    /**
     * Mean cross-entropy of feature-major logits {@code [classes][N]} against integer labels (length N), with
     * PyTorch's label smoothing: target = (1 - s) one-hot + s / classes.
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels, double labelSmoothing) {
        return CrossEntropy.apply(logits, labels, labelSmoothing);
    }
}
