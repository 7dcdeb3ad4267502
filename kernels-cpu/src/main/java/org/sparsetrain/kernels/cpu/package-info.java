/**
 * The CPU backend: {@link org.sparsetrain.kernels.cpu.SimdBackendProvider} (found by {@code ServiceLoader}),
 * {@link org.sparsetrain.kernels.cpu.SimdBackend} (dtype dispatch, argument checks, thread partitioning) and
 * {@link org.sparsetrain.kernels.cpu.WorkPool} (fixed daemon threads, static partitions). The kernels themselves
 * live in {@code org.sparsetrain.kernels.cpu.simd}. May depend on {@code org.sparsetrain.engine} and that package.
 */
package org.sparsetrain.kernels.cpu;
