package org.sparsetrain.engine.nn;

import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Feature-major flatten: {@code [C][H][W][N] -> [C*H*W][N]}; an input that is already {@code [features][N]}
 * passes through unchanged. No parameters.
 */
public final class Flatten extends Module {
    @Override public Tensor forward(Tensor x) {
        if (x.rank() == 2) return x;
        Pooling.checkImage(describe(), x);
        return Functional.flatten(x);
    }
}
