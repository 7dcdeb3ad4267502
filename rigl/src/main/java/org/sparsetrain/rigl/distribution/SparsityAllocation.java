package org.sparsetrain.rigl.distribution;

import java.util.List;
import java.util.Locale;

/**
 * Result of {@link SparsityAllocator#allocate}: one {@link LayerAllocation} per layer in model
 * order, plus the ER/ERK trace (empty for uniform).
 *
 * <p>Totals are over every listed layer, non-sparsifiable ones included, so
 * {@link #realisedDensity()} is the density of the whole set of weight tensors.
 */
public record SparsityAllocation(Distribution distribution, double density, List<LayerAllocation> layers,
                                 List<ErkPass> trace) {

    public SparsityAllocation {
        layers = List.copyOf(layers);
        trace = List.copyOf(trace);
    }

    /** The allocation of the named layer. */
    public LayerAllocation layer(String name) {
        return layers.stream().filter(a -> a.layer().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer '" + name + "' in "
                        + layers.stream().map(a -> a.layer().name()).toList()));
    }

    /** ER/ERK scale factor of the final pass; NaN for uniform. */
    public double eps() {
        return trace.isEmpty() ? Double.NaN : trace.getLast().eps();
    }

    public long totalParams() {
        return layers.stream().mapToLong(LayerAllocation::numel).sum();
    }

    public long totalNnz() {
        return layers.stream().mapToLong(LayerAllocation::nnz).sum();
    }

    public double realisedDensity() {
        return (double) totalNnz() / totalParams();
    }

    public double realisedSparsity() {
        return 1.0 - realisedDensity();
    }

    /** A table of every layer: shape, parameters, target sparsity and density, nnz, why. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "sparsity distribution: %s, requested density %.6f%n",
                distribution.label(), density));
        sb.append(String.format(Locale.ROOT, "  %-16s %-6s %-18s %10s %11s %9s %10s  %s%n",
                "layer", "kind", "shape", "params", "sparsity", "density", "nnz", "status"));
        for (LayerAllocation a : layers) {
            sb.append(String.format(Locale.ROOT, "  %-16s %-6s %-18s %10d %11.8f %9.6f %10d  %s%n",
                    a.layer().name(), a.layer().kind(), java.util.Arrays.toString(a.layer().shape()), a.numel(),
                    a.sparsity(), a.density(), a.nnz(), a.source().description()));
        }
        sb.append(String.format(Locale.ROOT, "  total params %d, nnz %d, realised density %.6f, sparsity %.6f%n",
                totalParams(), totalNnz(), realisedDensity(), realisedSparsity()));
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
