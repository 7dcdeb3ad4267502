/**
 * Dense tensors ({@link org.sparsetrain.engine.tensor.Tensor}), shapes, dtypes and explicitly seeded random
 * generators. Depends only on {@code autograd} (a tensor knows the node that produced it).
 */
package org.sparsetrain.engine.tensor;
