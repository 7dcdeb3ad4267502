/**
 * Compressed sparse weights and the dispatch of the sparse kernels: {@link org.sparsetrain.kernels.cpu.sparse.CsrMatrix}
 * (the active positions of a {@code [rows][cols]} weight, values stored for them only) with its transposed index
 * {@link org.sparsetrain.kernels.cpu.sparse.CscIndex}, nonzero-balanced row partitions for threads
 * ({@link org.sparsetrain.kernels.cpu.sparse.RowPartition}), and
 * {@link org.sparsetrain.kernels.cpu.sparse.SparseKernels}, which runs the SIMD kernels or their scalar twins on
 * these structures (design section 3, performance-notes sections 2-3).
 *
 * <p>Pure Java: no vector type here. May depend on {@code org.sparsetrain.kernels.cpu.simd} (the kernels, which take
 * plain arrays and never see these classes), {@code org.sparsetrain.engine.backend} (conv geometry) and the JDK.
 */
package org.sparsetrain.kernels.cpu.sparse;
