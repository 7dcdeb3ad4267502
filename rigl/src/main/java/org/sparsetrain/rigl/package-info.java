/**
 * The sparse-training scheduler and its two-line API (rigl-spec §4, §8; design §7):
 * {@link org.sparsetrain.rigl.RigL#attach} builds masks for a model's Linear and Conv2d weights,
 * and {@link org.sparsetrain.rigl.RigL#step()} masks gradients, changes the topology on the
 * reference's schedule (Static, SET, SNFS, RigL, SNIP, gradual pruning) and tells the caller
 * whether to take the optimizer step. Also: the configuration, the state dict for exact resume,
 * the printed per-layer table, FLOPs and size of the current model, and the Small-Dense width.
 *
 * <p>Execution is masked (dense weights with exact zeros at inactive positions) behind the
 * {@link org.sparsetrain.rigl.SparseLayer} interface, so a sparse representation can replace it.
 * Depends on the engine's {@code nn}, {@code optim} and {@code tensor} packages and on the pure
 * {@code rigl.distribution}, {@code rigl.update}, {@code rigl.schedule} and {@code rigl.flops}.
 */
package org.sparsetrain.rigl;
