package org.sparsetrain.engine.sparse;

/**
 * How a sparsifiable layer computes (design §3); all three give the same numbers within float rounding.
 */
public enum ExecutionMode {
    /** Dense kernels on a dense weight with no mask: an ordinary network. */
    DENSE,
    /** Dense kernels on {@code W ⊙ M}, gradient masked: what every other RigL code does; costs as much as DENSE. */
    MASKED,
    /** Compressed weights and sparse kernels: time and memory in proportion to the density. */
    SPARSE,
    /** MASKED or SPARSE per layer, from the layer's density against a measured crossover ({@code ExecutionPlanner}). */
    AUTO
}
