/**
 * Layers as {@link org.sparsetrain.engine.nn.Module}s with explicitly registered, dotted-named parameters and
 * buffers ({@code layers.0.weight}), in insertion order so checkpoints and optimizers see a deterministic order.
 *
 * <p>Modules take and return the engine's feature-major layout ({@code [features][N]},
 * {@code [C][H][W][N]}); {@link org.sparsetrain.engine.nn.ToFeatureMajor} converts a public batch-major input
 * once at the model's edge. Modules validate input shapes at their boundary and do the arithmetic through
 * {@link org.sparsetrain.engine.ops.Functional}.
 *
 * <p>May depend on: {@code tensor}, {@code autograd}, {@code ops}, {@code nn.init}. Not on {@code optim}.
 */
package org.sparsetrain.engine.nn;
