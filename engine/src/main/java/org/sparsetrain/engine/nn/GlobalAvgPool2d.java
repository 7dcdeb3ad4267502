package org.sparsetrain.engine.nn;

import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Tensor;

/** Mean over the spatial dimensions: {@code [C][H][W][N] -> [C][N]}. No parameters. */
public final class GlobalAvgPool2d extends Module {
    @Override public Tensor forward(Tensor x) {
        Pooling.checkImage(describe(), x);
        return Functional.globalAvgPool(x);
    }
}
