package org.sparsetrain.engine.nn;

import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Average pooling with a square window over feature-major images {@code [C][H][W][N]}; padding counts in the
 * divisor (PyTorch's default). No parameters.
 */
public final class AvgPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;

    /** Stride defaults to the kernel size, as in PyTorch. */
    public AvgPool2d(int kernel) { this(kernel, kernel, 0); }

    public AvgPool2d(int kernel, int stride, int padding) {
        Pooling.checkGeometry("AvgPool2d", kernel, stride, padding);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override public Tensor forward(Tensor x) {
        Pooling.checkImage(describe(), x);
        return Functional.avgPool2d(x, kernel, stride, padding);
    }

    @Override protected String describe() {
        return "AvgPool2d(kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + ")";
    }
}
