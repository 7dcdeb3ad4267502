package org.sparsetrain.rigl.distribution;

/**
 * The target of one layer.
 *
 * @param layer    the layer
 * @param sparsity target sparsity, the double the reference computes (spec §2)
 * @param nnz      active weights: {@code n − floor(sparsity·n)} (TF {@code get_n_zeros}, spec §1.3)
 * @param source   why the layer got this sparsity
 */
public record LayerAllocation(LayerSpec layer, double sparsity, long nnz, Source source) {

    /** Why a layer has its sparsity. */
    public enum Source {
        /** Set by the distribution from the global budget. */
        DISTRIBUTED("sparse"),
        /** Named in a custom map; outside the ER/ERK budget. */
        CUSTOM("custom"),
        /** ER/ERK would have given it a density above 1, so it is kept dense and paid for by the others. */
        FORCED_DENSE("dense (ER/ERK overflow)"),
        /** Uniform with the dense first layer option. */
        FIRST_LAYER_DENSE("dense (first layer)"),
        /** Never masked; outside the budget. */
        NOT_SPARSIFIABLE("dense (not sparsifiable)");

        private final String description;

        Source(String description) { this.description = description; }

        public String description() { return description; }
    }

    /** {@code n − floor(s·n)} with the product in double, exactly as the reference. */
    public static long nnzFor(long numel, double sparsity) {
        return numel - (long) Math.floor(sparsity * numel);
    }

    public double density() {
        return 1.0 - sparsity;
    }

    public long numel() {
        return layer.numel();
    }

    /** True when the layer carries a mask (it may still be at density 1). */
    public boolean masked() {
        return source != Source.NOT_SPARSIFIABLE;
    }
}
