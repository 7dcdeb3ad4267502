/**
 * Layer-wise sparsity distributions (rigl-spec §2): which layers are sparsified, the target
 * sparsity of each, and the exact number of active weights per layer.
 *
 * <p>Works on plain {@link org.sparsetrain.rigl.distribution.LayerSpec} records (a name, a
 * PyTorch-layout shape, a kind) so that it can run before any model exists. Depends on the JDK
 * only; no engine, nn or optim types.
 */
package org.sparsetrain.rigl.distribution;
