/**
 * JMH benchmarks of single kernels: the FMA peak and the dense GEMM it is compared with. Depends on
 * {@code engine} and {@code kernels-cpu}; results are recorded in {@code docs/performance.md}.
 */
package org.sparsetrain.bench.kernels;
