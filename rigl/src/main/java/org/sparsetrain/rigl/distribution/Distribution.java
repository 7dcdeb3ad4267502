package org.sparsetrain.rigl.distribution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the overall density budget is spread over the sparsifiable layers (rigl-spec §2).
 * Strings such as rigl-torch's {@code 'uniform'} are parsed once, at the CLI edge, into one of
 * these; {@link SparsityAllocator#allocate} turns a distribution plus a density into per-layer
 * counts.
 */
public sealed interface Distribution {

    /** Every sparsifiable layer at the requested density (TF {@code 'random'}). */
    Distribution UNIFORM = new Uniform(false);
    /** Erdős–Rényi: density ∝ (n_in + n_out)/(n_in·n_out), kernel size ignored. */
    Distribution ER = new ErdosRenyi();
    /** Erdős–Rényi-Kernel with the reference power scale 1. */
    Distribution ERK = new ErdosRenyiKernel(1.0);

    /**
     * Uniform density (spec §2.1); no budget correction.
     *
     * @param keepFirstLayerDense rigl-torch's rule: the first listed layer is kept dense when
     *                            there is more than one layer (the overall sparsity then ends
     *                            below the target; nothing is rescaled)
     */
    record Uniform(boolean keepFirstLayerDense) implements Distribution {
        @Override public String label() { return keepFirstLayerDense ? "uniform (first layer dense)" : "uniform"; }
    }

    /** Erdős–Rényi (spec §2.2, {@code include_kernel=false}). */
    record ErdosRenyi() implements Distribution {
        @Override public String label() { return "ER"; }
    }

    /**
     * Erdős–Rényi-Kernel (spec §2.2): raw density {@code (sum(shape)/prod(shape))^powerScale},
     * with the reference's iterative densification of layers whose density would exceed 1.
     *
     * @param powerScale TF {@code erk_power_scale}; 1 is the paper's ERK, 0 makes every raw
     *                   density equal (uniform, but still budget-corrected)
     */
    record ErdosRenyiKernel(double powerScale) implements Distribution {
        public ErdosRenyiKernel {
            if (!(powerScale >= 0) || Double.isInfinite(powerScale)) {
                throw new IllegalArgumentException("ERK: powerScale must be a finite number >= 0, got " + powerScale);
            }
        }

        @Override public String label() { return powerScale == 1.0 ? "ERK" : "ERK (power " + powerScale + ")"; }
    }

    /**
     * A per-layer density map on top of another distribution (TF {@code custom_sparsity_map}).
     * Named layers get exactly their density and are removed from the base distribution's
     * budget (spec §2.2, §10.15); the other sparsifiable layers follow {@code base}.
     *
     * @param base      the distribution for the layers not named (never another Custom)
     * @param densities layer name → density in (0, 1]; iteration order is kept
     */
    record Custom(Distribution base, Map<String, Double> densities) implements Distribution {
        public Custom {
            Objects.requireNonNull(base, "custom: base distribution");
            Objects.requireNonNull(densities, "custom: densities");
            if (base instanceof Custom) {
                throw new IllegalArgumentException("custom: the base distribution must not itself be custom; merge the maps");
            }
            for (Map.Entry<String, Double> e : densities.entrySet()) {
                SparsityAllocator.checkDensity("custom density of layer '" + e.getKey() + "'", e.getValue());
            }
            densities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(densities));
        }

        @Override public String label() { return base.label() + " + custom " + densities; }
    }

    /** The uniform distribution with rigl-torch's dense first layer. */
    static Distribution uniformFirstLayerDense() {
        return new Uniform(true);
    }

    /** ERK with a power scale other than 1. */
    static Distribution erk(double powerScale) {
        return new ErdosRenyiKernel(powerScale);
    }

    /** Uniform for every layer not named in {@code densities}. */
    static Distribution custom(Map<String, Double> densities) {
        return new Custom(UNIFORM, densities);
    }

    /** This distribution with a per-layer density map on top. */
    default Distribution withCustom(Map<String, Double> densities) {
        return new Custom(this, densities);
    }

    /** A short human-readable name, used in the allocation table. */
    String label();
}
