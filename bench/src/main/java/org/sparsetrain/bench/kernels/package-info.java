/**
 * JMH benchmarks of single kernels (no autograd, no allocation in the measured call except where allocation is
 * what is measured): the FMA peak, the dense GEMM compared with it, the convolution kernels, the thread pool's
 * hand-off ({@code WorkPoolBenchmark}) and the cost of a fresh output array ({@code FreshBufferBenchmark}). One thread unless a benchmark says otherwise; results are
 * recorded in {@code docs/performance.md}. May depend on every module; nothing depends on it.
 */
package org.sparsetrain.bench.kernels;
