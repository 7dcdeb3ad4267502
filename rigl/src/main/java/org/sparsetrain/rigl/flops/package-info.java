/**
 * FLOPs and model-size accounting (rigl-spec §5): the MicroNet counting rules used by the
 * reference's {@code get_stats}, inference FLOPs, per-iteration training FLOPs of each method
 * (paper appendix), and size in bits/bytes including 1-bit masks.
 *
 * <p>Counts are per single input example and fractional (they use the target sparsity, a real
 * number), as in the reference. Depends on {@code rigl.distribution} (layer shapes) and
 * {@code rigl.schedule} (the pruning schedule), nothing else.
 */
package org.sparsetrain.rigl.flops;
