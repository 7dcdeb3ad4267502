package org.sparsetrain.engine.nn;

import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The model's entry from the public batch-major layout: {@code [N, f1, ..., fk] -> [f1, ..., fk, N]}
 * (e.g. {@code [N, C, H, W] -> [C, H, W, N]}), so the rest of the network runs on the engine's feature-major
 * layout. Put it first in a {@link Sequential} that should accept PyTorch-shaped inputs. No parameters.
 */
public final class ToFeatureMajor extends Module {
    @Override public Tensor forward(Tensor x) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException(describe() + ": input has rank " + x.rank() + " (shape " + x.shape()
                    + "); expected batch-major [N, features...]");
        }
        return Functional.toFeatureMajor(x);
    }
}
