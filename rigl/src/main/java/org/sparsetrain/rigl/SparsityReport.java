package org.sparsetrain.rigl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparsetrain.rigl.distribution.Distribution;
import org.sparsetrain.rigl.distribution.LayerAllocation;
import org.sparsetrain.rigl.distribution.LayerKind;

/** The scheduler's printed forms: a per-layer table, and rigl-torch's {@code __str__} (spec §8.7). */
final class SparsityReport {

    private SparsityReport() {}

    static String table(RigL r, Map<String, int[]> sizes) {
        StringBuilder sb = new StringBuilder();
        RigLConfig c = r.config();
        sb.append("RigL scheduler: ").append(c.describe()).append('\n');
        sb.append("  update window [").append(c.beginStep()).append(", ").append(r.endStep()).append("] of ")
                .append(r.totalSteps()).append(" steps; masked layers: ").append(c.layers().describe()).append('\n');
        sb.append(String.format(Locale.ROOT, "  %-24s %-6s %-18s %-26s %8s %21s %14s  %s%n",
                "layer", "kind", "shape", "status", "density", "nnz / params", "FLOPs", "runs"));
        double flopsTotal = 0;
        boolean flopsKnown = true;
        for (WeightLayer l : r.weightLayers()) {
            Double f = ModelFlops.layerFlops(r, l, sizes);
            if (f == null) flopsKnown = false;
            else flopsTotal += f;
            String status = l.masked() ? r.allocation().layer(l.name()).source().description()
                    : LayerAllocation.Source.NOT_SPARSIFIABLE.description();
            sb.append(String.format(Locale.ROOT, "  %-24s %-6s %-18s %-26s %8.4f %21s %14s  %s%n", l.name(),
                    l.spec().kind(), Arrays.toString(l.spec().shape()), status, r.density(l.name()),
                    r.nnz(l.name()) + " / " + l.numel(), f == null ? "-" : String.format(Locale.ROOT, "%.0f", f),
                    r.execution(l.name()).name().toLowerCase(Locale.ROOT)));
        }
        String flops = "-";
        if (flopsKnown) {
            Flops inf = r.inferenceFlops();
            flops = String.format(Locale.ROOT, "%.0f (%.4fx)", flopsTotal, inf.ratio());
        }
        sb.append(String.format(Locale.ROOT, "  %-24s %-6s %-18s %-26s %8.4f %21s %14s%n", "total", "", "", "",
                r.overallDensity(), r.totalNnz() + " / " + r.totalWeights(), flops));
        sb.append(String.format(Locale.ROOT, "  global step %d, calls %d, topology updates %d, size %.0f bytes (dense %.0f)",
                r.globalStep(), r.calls(), r.topologyUpdates(), r.modelSizeBytes(), r.denseModelSizeBytes()));
        return sb.toString();
    }

    /**
     * rigl-torch's format. "Nonzero" is rigl-torch's {@code N − #(mask = 0 ∧ W = 0)}, which is the
     * nnz here because inactive weights are exact zeros; conv totals cover every non-Linear layer,
     * and print {@code 0/0 (n/a)} for a model without one (rigl-torch divides by zero there).
     */
    static String rigLTorch(RigL r) {
        List<String> counts = new ArrayList<>();
        List<String> percents = new ArrayList<>();
        long nz = 0, all = 0, convNz = 0, convAll = 0;
        boolean allLinearIgnored = true;
        for (WeightLayer l : r.weightLayers()) {
            long n = r.nnz(l.name());
            counts.add(n + "/" + l.numel());
            percents.add(String.format(Locale.ROOT, "%.2f%%", 100.0 * n / l.numel()));
            nz += n;
            all += l.numel();
            if (l.spec().kind() != LayerKind.LINEAR) {
                convNz += n;
                convAll += l.numel();
            } else if (l.masked()) {
                allLinearIgnored = false;
            }
        }
        String conv = convAll == 0 ? "0/0 (n/a)"
                : String.format(Locale.ROOT, "%d/%d (%.2f%%)", convNz, convAll, 100.0 * convNz / convAll);
        return "RigLScheduler(\n"
                + "layers=" + r.weightLayers().size() + ",\n"
                + "nonzero_params=[" + String.join(", ", counts) + "],\n"
                + "nonzero_percentages=[" + String.join(", ", percents) + "],\n"
                + String.format(Locale.ROOT, "total_nonzero_params=%d/%d (%.2f%%),\n", nz, all, 100.0 * nz / all)
                + "total_CONV_nonzero_params=" + conv + ",\n"
                + "step=" + r.calls() + ",\n"
                + "num_rigl_steps=" + r.topologyUpdates() + ",\n"
                + "ignoring_linear_layers=" + (allLinearIgnored ? "True" : "False") + ",\n"
                + "sparsity_distribution=" + shortName(r.config().distribution()) + ",\n"
                + ")";
    }

    private static String shortName(Distribution d) {
        return switch (d) {
            case Distribution.Uniform u -> "uniform";
            case Distribution.ErdosRenyi e -> "erdos_renyi";
            case Distribution.ErdosRenyiKernel k -> "erdos_renyi_kernel";
            case Distribution.Custom c -> "custom(" + shortName(c.base()) + ")";
        };
    }
}
