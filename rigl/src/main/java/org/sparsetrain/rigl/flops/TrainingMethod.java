package org.sparsetrain.rigl.flops;

/**
 * Training FLOPs per iteration and example (paper appendix, rigl-spec §5.3). The backward pass
 * costs twice the forward (activation gradient + weight gradient). Mask-update costs (sorting,
 * random numbers) are ignored, as in the paper. Gradual pruning needs its schedule: see
 * {@link TrainingFlops#pruningPerIteration}.
 */
public enum TrainingMethod {
    /** {@code 3·f_D}. */
    DENSE,
    /** Fixed random mask: {@code 3·f_S}. */
    STATIC,
    /** {@code 3·f_S}; the one dense gradient at initialisation is ignored. */
    SNIP,
    /** {@code 3·f_S}; random growth is free. */
    SET,
    /** {@code 3·f_small}: pass the small dense model's FLOPs as {@code f_S}. */
    SMALL_DENSE,
    /** {@code 2·f_S + f_D}: a dense weight gradient every iteration. */
    SNFS,
    /**
     * {@code (3·f_S·ΔT + 2·f_S + f_D)/(ΔT + 1)}: ΔT normal iterations and one update iteration
     * (sparse forward, sparse activation gradient, dense weight gradient, no optimizer step).
     */
    RIGL;

    /**
     * @param sparseFlops inference FLOPs of the sparse (or small dense) model, {@code f_S}
     * @param denseFlops  inference FLOPs of the dense model, {@code f_D}
     * @param deltaT      iterations between RigL updates (> 0; ignored by other methods)
     */
    public double flopsPerIteration(double sparseFlops, double denseFlops, long deltaT) {
        if (deltaT <= 0) throw new IllegalArgumentException(this + ": deltaT must be > 0, got " + deltaT);
        return switch (this) {
            case DENSE -> 3 * denseFlops;
            case STATIC, SNIP, SET, SMALL_DENSE -> 3 * sparseFlops;
            case SNFS -> 2 * sparseFlops + denseFlops;
            case RIGL -> (3 * sparseFlops * deltaT + 2 * sparseFlops + denseFlops) / (deltaT + 1);
        };
    }
}
