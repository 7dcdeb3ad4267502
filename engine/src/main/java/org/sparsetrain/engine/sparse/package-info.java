/**
 * Real sparsity: {@link org.sparsetrain.engine.sparse.SparsityPattern} (the compressed index of a weight's active
 * positions, CSR plus its transpose) and {@link org.sparsetrain.engine.sparse.ExecutionMode}. A
 * {@link org.sparsetrain.engine.nn.Parameter} made sparse keeps its values for active positions only; the ops
 * {@code SparseLinear} and {@code SparseConv2d} run the backend's sparse kernels on it.
 */
package org.sparsetrain.engine.sparse;
