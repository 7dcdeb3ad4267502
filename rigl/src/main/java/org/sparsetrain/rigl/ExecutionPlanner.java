package org.sparsetrain.rigl;

import org.sparsetrain.engine.sparse.ExecutionMode;

/**
 * Picks how one masked layer runs (design §3, "dispatch by density"). Under {@link ExecutionMode#AUTO} a layer runs
 * SPARSE when its density is at or below the crossover of its kind, MASKED above it; the crossovers are the
 * densities where the three training products of a layer stop beating the dense kernels on {@code W ⊙ M}, measured
 * by {@code bench}'s {@code CrossoverBenchmark} (figures in docs/performance.md, "Crossover densities"). A layer the
 * sparse kernels cannot run (a grouped convolution, or no active weight at all) is MASKED whatever the mode asks.
 */
public final class ExecutionPlanner {
    /**
     * Linear layers: sparse at or below this density (SpMM + transposed SpMM + SDDMM against three GEMMs). Measured
     * 12-04: at 0.3 the sparse products tie the dense ones at W[300×784] (943 vs 965 µs) and win at W[1024×1024]
     * (3577 vs 4133 µs); at 0.4 both lose.
     */
    public static final double LINEAR_CROSSOVER = 0.3;
    /**
     * Convolutions: sparse at or below this density (direct sparse convolution against the dense kernels). Measured
     * 12-04 on LeNet-5's conv2: 7748 µs at 0.4 against 9467 dense, 10659 at 0.5.
     */
    public static final double CONV_CROSSOVER = 0.4;

    private ExecutionPlanner() {}

    /** Whether the sparse kernels can run this layer at all. */
    public static boolean sparseSupported(WeightLayer layer, long nnz) {
        return nnz > 0 && layer.groups() == 1;
    }

    /** MASKED or SPARSE for {@code layer} with {@code nnz} active weights under {@code requested}. */
    public static ExecutionMode choose(ExecutionMode requested, WeightLayer layer, long nnz) {
        if (!sparseSupported(layer, nnz)) return ExecutionMode.MASKED;
        return switch (requested) {
            case MASKED -> ExecutionMode.MASKED;
            case SPARSE -> ExecutionMode.SPARSE;
            case AUTO -> (double) nnz / layer.numel() <= (layer.conv() ? CONV_CROSSOVER : LINEAR_CROSSOVER)
                    ? ExecutionMode.SPARSE : ExecutionMode.MASKED;
            case DENSE -> throw new IllegalArgumentException("RigL: a masked layer cannot run DENSE; use MASKED, SPARSE or AUTO");
        };
    }
}
