/**
 * JMH benchmarks of single kernels (no autograd, no allocation in the measured call): the FMA peak, the dense
 * GEMM compared with it, and the convolution kernels. One thread unless a benchmark says otherwise; results are
 * recorded in {@code docs/performance.md}. May depend on every module; nothing depends on it.
 */
package org.sparsetrain.bench.kernels;
