package org.sparsetrain.engine.nn;

import org.sparsetrain.engine.tensor.Tensor;

/** Argument checks shared by the pooling modules. */
final class Pooling {
    private Pooling() {}

    static void checkGeometry(String module, int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException(module + ": need kernel >= 1, stride >= 1, padding >= 0, got kernel="
                    + kernel + " stride=" + stride + " padding=" + padding);
        }
        // PyTorch's rule: a window centred past the padded edge would pool nothing but padding.
        if (padding > kernel / 2) {
            throw new IllegalArgumentException(module + ": padding " + padding + " must be at most half the kernel "
                    + kernel);
        }
    }

    static void checkImage(String module, Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(module + ": input has rank " + x.rank() + " (shape " + x.shape()
                    + "); inputs are feature-major [C, H, W, batch]");
        }
    }
}
