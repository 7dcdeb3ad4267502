package org.sparsetrain.engine.nn;

import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Tensor;

/** {@code max(x, 0)} elementwise; any shape. No parameters. */
public final class ReLU extends Module {
    @Override public Tensor forward(Tensor x) { return Functional.relu(x); }
}
