package org.sparsetrain.rigl.distribution;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ER/ERK budget equation with the reference's overflow loop, a line-by-line port of TF
 * {@code sparse_utils.get_sparsities_erdos_renyi} (spec §2.2). The arithmetic order is kept
 * (integer {@code rhs}, double {@code divisor} accumulated in layer order) so that the
 * sparsities are bit-identical to the reference's.
 */
final class ErdosRenyiSolver {

    /** Solution: the sparsity of every non-custom layer plus the trace of passes. */
    record Solution(Map<String, Double> sparsities, Set<String> forcedDense, double eps, List<ErkPass> trace) {}

    private ErdosRenyiSolver() {}

    /**
     * @param layers           masked layers in order
     * @param sparsity         default sparsity S
     * @param customSparsities layers named here are in neither side of the equation
     * @param kernel           ERK (true) or ER (false)
     * @param power            ERK power scale (ignored for ER, as in the reference)
     */
    static Solution solve(List<LayerSpec> layers, double sparsity, Map<String, Double> customSparsities,
                          boolean kernel, double power) {
        Set<String> dense = new HashSet<>();
        List<ErkPass> trace = new ArrayList<>();
        while (true) {
            long rhs = 0;
            double divisor = 0.0;
            Map<String, Double> raw = new java.util.LinkedHashMap<>();
            for (LayerSpec l : layers) {
                long n = l.numel();
                long zeros = (long) Math.floor(sparsity * n);
                if (dense.contains(l.name())) {
                    rhs -= zeros;
                } else if (customSparsities.containsKey(l.name())) {
                    continue;
                } else {
                    rhs += n - zeros;
                    double r = kernel ? Math.pow((double) l.dimSum() / (double) n, power) : erRaw(l);
                    raw.put(l.name(), r);
                    divisor += r * n;
                }
            }
            if (raw.isEmpty()) {
                // Cannot happen for valid input (spec §2.2 termination), but an unguarded loop would divide by 0.
                throw new IllegalStateException((kernel ? "ERK" : "ER") + ": no layer left to carry the budget; "
                        + "every sparsifiable layer is custom or forced dense");
            }
            double eps = rhs / divisor;
            double maxRaw = raw.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            trace.add(new ErkPass(dense.stream().sorted().toList(), rhs, divisor, eps, maxRaw * eps));
            if (maxRaw * eps > 1) {
                for (Map.Entry<String, Double> e : raw.entrySet()) {
                    if (e.getValue() == maxRaw) dense.add(e.getKey()); // exact equality, as the reference
                }
                continue;
            }
            Map<String, Double> out = new java.util.LinkedHashMap<>();
            for (LayerSpec l : layers) {
                if (dense.contains(l.name())) out.put(l.name(), 0.0);
                else if (raw.containsKey(l.name())) out.put(l.name(), 1.0 - eps * raw.get(l.name()));
            }
            return new Solution(out, Set.copyOf(dense), eps, List.copyOf(trace));
        }
    }

    /** ER: {@code (n_in + n_out)/(n_in·n_out)} over the TF layout's last two dimensions. */
    private static double erRaw(LayerSpec l) {
        double nIn = l.fanInChannels();
        double nOut = l.fanOutChannels();
        return (nIn + nOut) / (nIn * nOut);
    }
}
