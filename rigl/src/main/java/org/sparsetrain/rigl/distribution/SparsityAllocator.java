package org.sparsetrain.rigl.distribution;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes per-layer sparsity and exact active counts (rigl-spec §2, reference TF
 * {@code sparse_utils.get_sparsities}).
 *
 * <p>The API takes a <em>density</em> {@code d} (as rigl-torch's {@code dense_allocation});
 * the reference's sparsity is {@code S = 1 − d}, computed once in double. Custom densities are
 * converted the same way.
 */
public final class SparsityAllocator {

    private SparsityAllocator() {}

    /**
     * @param layers       all weight layers of the model in order (non-sparsifiable ones included,
     *                     they stay dense and outside the budget)
     * @param distribution how to spread the budget
     * @param density      overall density of the sparsifiable, non-custom layers, in (0, 1]
     * @throws IllegalArgumentException on a density outside (0, 1], duplicate names, no
     *                                  sparsifiable layer, or a custom map naming an unknown or
     *                                  non-sparsifiable layer
     */
    public static SparsityAllocation allocate(List<LayerSpec> layers, Distribution distribution, double density) {
        java.util.Objects.requireNonNull(layers, "layers");
        java.util.Objects.requireNonNull(distribution, "distribution");
        checkDensity("density", density);
        List<LayerSpec> masked = checkLayers(layers);

        Distribution base = distribution;
        Map<String, Double> custom = new LinkedHashMap<>();
        if (distribution instanceof Distribution.Custom c) {
            base = c.base();
            checkCustomNames(c.densities().keySet(), layers, masked);
            c.densities().forEach((name, d) -> custom.put(name, 1.0 - d));
        }
        double sparsity = 1.0 - density;

        Map<String, Double> target = new LinkedHashMap<>();
        Map<String, LayerAllocation.Source> source = new LinkedHashMap<>();
        List<ErkPass> trace = List.of();
        switch (base) {
            case Distribution.Uniform u -> {
                boolean firstDense = u.keepFirstLayerDense() && layers.size() > 1;
                for (LayerSpec l : masked) {
                    boolean isFirst = l.name().equals(layers.get(0).name());
                    if (firstDense && isFirst && !custom.containsKey(l.name())) {
                        target.put(l.name(), 0.0);
                        source.put(l.name(), LayerAllocation.Source.FIRST_LAYER_DENSE);
                    } else {
                        target.put(l.name(), sparsity);
                        source.put(l.name(), LayerAllocation.Source.DISTRIBUTED);
                    }
                }
            }
            case Distribution.ErdosRenyi er -> trace = solveEr(masked, sparsity, custom, false, 1.0, target, source);
            case Distribution.ErdosRenyiKernel erk ->
                    trace = solveEr(masked, sparsity, custom, true, erk.powerScale(), target, source);
            case Distribution.Custom c -> throw new AssertionError("nested custom rejected by Custom's constructor");
        }
        custom.forEach((name, s) -> {
            target.put(name, s);
            source.put(name, LayerAllocation.Source.CUSTOM);
        });

        List<LayerAllocation> out = new ArrayList<>(layers.size());
        for (LayerSpec l : layers) {
            if (!l.sparsifiable()) {
                out.add(new LayerAllocation(l, 0.0, l.numel(), LayerAllocation.Source.NOT_SPARSIFIABLE));
            } else {
                double s = target.get(l.name());
                out.add(new LayerAllocation(l, s, LayerAllocation.nnzFor(l.numel(), s), source.get(l.name())));
            }
        }
        return new SparsityAllocation(distribution, density, out, trace);
    }

    private static List<ErkPass> solveEr(List<LayerSpec> masked, double sparsity, Map<String, Double> custom,
                                         boolean kernel, double power, Map<String, Double> target,
                                         Map<String, LayerAllocation.Source> source) {
        ErdosRenyiSolver.Solution sol = ErdosRenyiSolver.solve(masked, sparsity, custom, kernel, power);
        sol.sparsities().forEach((name, s) -> {
            target.put(name, s);
            source.put(name, sol.forcedDense().contains(name)
                    ? LayerAllocation.Source.FORCED_DENSE : LayerAllocation.Source.DISTRIBUTED);
        });
        return sol.trace();
    }

    static void checkDensity(String what, Double density) {
        if (density == null || !(density > 0.0 && density <= 1.0)) {
            throw new IllegalArgumentException(what + " must be in (0, 1] (fraction of weights kept), got " + density);
        }
    }

    private static List<LayerSpec> checkLayers(List<LayerSpec> layers) {
        Set<String> names = new HashSet<>();
        List<LayerSpec> masked = new ArrayList<>();
        for (LayerSpec l : layers) {
            if (!names.add(l.name())) {
                throw new IllegalArgumentException("layer name '" + l.name() + "' appears twice; names must be unique");
            }
            if (l.sparsifiable()) masked.add(l);
        }
        if (masked.isEmpty()) {
            throw new IllegalArgumentException("no sparsifiable layer among " + names(layers)
                    + ": mark at least one Linear or Conv weight as sparsifiable");
        }
        return masked;
    }

    private static void checkCustomNames(Set<String> named, List<LayerSpec> layers, List<LayerSpec> masked) {
        for (String name : named) {
            if (masked.stream().noneMatch(l -> l.name().equals(name))) {
                boolean exists = layers.stream().anyMatch(l -> l.name().equals(name));
                throw new IllegalArgumentException("custom density map names " + (exists ? "non-sparsifiable" : "unknown")
                        + " layer '" + name + "'; allowed: the sparsifiable layers " + names(masked));
            }
        }
    }

    private static List<String> names(List<LayerSpec> layers) {
        return layers.stream().map(LayerSpec::name).toList();
    }
}
