package org.sparsetrain.engine.autograd;

import org.sparsetrain.engine.tensor.Tensor;

/**
 * The backward of one op: given the gradient of the loss with respect to the op's output, returns the
 * gradient with respect to each input, in input order ({@code null} where an input needs none).
 * Runs with {@link GradMode} disabled.
 */
@FunctionalInterface
public interface Backward {
    Tensor[] apply(Tensor gradOutput);
}
