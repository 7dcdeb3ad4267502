package org.sparsetrain.engine.golden;

import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.DType;

/**
 * The two ways a golden test runs an op: in double precision on the reference backend, where only rounding
 * separates us from PyTorch's float64 values, and in single precision on the selected backend.
 *
 * <p>An element passes when {@code |actual - expected| <= relative * |expected| + absolute * max|expected|}:
 * the absolute part is scaled by the tensor's largest value because sums that cancel to nearly zero carry the
 * rounding error of their large terms, not of their small result.
 */
enum Precision {
    F64(DType.F64, 1e-10, 1e-12),
    F32(DType.F32, 2e-5, 2e-6);

    final DType dtype;
    final double relative;
    final double absolute;

    Precision(DType dtype, double relative, double absolute) {
        this.dtype = dtype;
        this.relative = relative;
        this.absolute = absolute;
    }

    /** The backend the op runs on at this precision. */
    Backend backend() { return this == F64 ? Backends.reference() : Backends.get(); }
}
