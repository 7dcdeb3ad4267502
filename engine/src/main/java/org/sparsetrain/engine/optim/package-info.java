/**
 * Optimizers that update {@link org.sparsetrain.engine.nn.Parameter}s from their gradients, with typed
 * per-parameter state that other code (RigL's topology updates, checkpoints) can read, reset and restore.
 * Updates go through {@link org.sparsetrain.engine.backend.Backend} primitives ({@code axpy}, {@code affine}) so a
 * faster backend speeds them up too.
 *
 * <p>May depend on: {@code tensor}, {@code backend}, {@code nn} (for {@code Parameter}). Learning-rate schedules
 * live in {@code optim.schedule} and are applied by the training loop through {@link
 * org.sparsetrain.engine.optim.Optimizer#setLearningRate}.
 */
package org.sparsetrain.engine.optim;
