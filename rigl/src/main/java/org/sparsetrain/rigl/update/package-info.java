/**
 * The drop-and-grow topology update of one layer on plain arrays (rigl-spec §3) and the
 * deterministic top-k selection it is built on.
 *
 * <p>Everything here works on flat {@code boolean[]} masks and {@code float[]} scores in the
 * layer's row-major PyTorch layout, so the same code serves RigL (grow by |gradient|), SET
 * (random grow scores), SNFS (|momentum|) and SNIP (|w·g|, via {@link
 * org.sparsetrain.rigl.update.TopK}). Depends on the JDK only; the caller maps the result onto
 * weights and optimizer state.
 */
package org.sparsetrain.rigl.update;
