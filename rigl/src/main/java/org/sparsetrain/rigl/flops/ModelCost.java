package org.sparsetrain.rigl.flops;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.sparsetrain.rigl.distribution.SparsityAllocation;

/**
 * Inference FLOPs and model size of a list of counted layers at given per-layer sparsities
 * (rigl-spec §5.1–5.2). Layers absent from a sparsity map count as dense.
 */
public final class ModelCost {

    /** Bits per stored value (float32), as the reference. */
    public static final int BITS = 32;

    private ModelCost() {}

    /** {@code f = Σ_l FLOPs_l(s_l)} per example. */
    public static double inferenceFlops(List<CountedLayer> layers, Map<String, Double> sparsity) {
        return sum(layers, l -> l.flops(sparsityOf(l, sparsity)));
    }

    /** Dense inference FLOPs {@code f_D}. */
    public static double denseInferenceFlops(List<CountedLayer> layers) {
        return inferenceFlops(layers, Map.of());
    }

    /** Inference FLOPs at the target sparsities of an allocation. */
    public static double inferenceFlops(List<CountedLayer> layers, SparsityAllocation allocation) {
        return inferenceFlops(layers, sparsities(allocation));
    }

    /** Size in bits: values, 1-bit masks of sparse layers, biases. */
    public static double sizeBits(List<CountedLayer> layers, Map<String, Double> sparsity) {
        return sum(layers, l -> l.sizeBits(sparsityOf(l, sparsity), BITS));
    }

    /** Size in bytes ({@code bits / 8}). */
    public static double sizeBytes(List<CountedLayer> layers, Map<String, Double> sparsity) {
        return sizeBits(layers, sparsity) / 8;
    }

    /** Size in bytes at the target sparsities of an allocation. */
    public static double sizeBytes(List<CountedLayer> layers, SparsityAllocation allocation) {
        return sizeBytes(layers, sparsities(allocation));
    }

    /** Layer name → target sparsity. */
    public static Map<String, Double> sparsities(SparsityAllocation allocation) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        allocation.layers().forEach(a -> m.put(a.layer().name(), a.sparsity()));
        return m;
    }

    private static double sparsityOf(CountedLayer l, Map<String, Double> sparsity) {
        return Objects.requireNonNull(sparsity, "sparsity map").getOrDefault(l.layer().name(), 0.0);
    }

    private static double sum(List<CountedLayer> layers, ToDoubleFunction<CountedLayer> f) {
        double total = 0.0;
        for (CountedLayer l : layers) total += f.applyAsDouble(l); // layer order, as the reference
        return total;
    }
}
