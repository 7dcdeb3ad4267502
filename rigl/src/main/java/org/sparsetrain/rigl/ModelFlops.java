package org.sparsetrain.rigl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsetrain.rigl.flops.CountedLayer;
import org.sparsetrain.rigl.flops.ModelCost;
import org.sparsetrain.rigl.flops.TrainingFlops;
import org.sparsetrain.rigl.schedule.GradualPruningSchedule;

/**
 * Connects a scheduler to the {@code rigl.flops} counters: every Linear/Conv2d weight becomes a
 * {@link CountedLayer} (bias counted when the layer has one, ReLU counted on every layer as the
 * reference's {@code get_stats} does), at the <em>current</em> sparsity {@code 1 − nnz/n} of
 * each layer (the reference uses the target, which equals it for every method but PRUNE
 * mid-run up to rounding). Convolutions need their input size ({@link RigL#convInputSize}).
 */
final class ModelFlops {

    private ModelFlops() {}

    static Flops inference(RigL r, Map<String, int[]> sizes) {
        List<CountedLayer> counted = counted(r, sizes, true);
        return new Flops(ModelCost.inferenceFlops(counted, currentSparsity(r)), ModelCost.denseInferenceFlops(counted));
    }

    static Flops training(RigL r, Map<String, int[]> sizes, GradualPruningSchedule pruning) {
        List<CountedLayer> counted = counted(r, sizes, true);
        double dense = ModelCost.denseInferenceFlops(counted);
        if (r.method() == Method.PRUNE) {
            Map<String, Double> finalSparsity = new LinkedHashMap<>();
            for (SparseLayer s : r.sparseLayers()) finalSparsity.put(s.name(), r.allocation().layer(s.name()).sparsity());
            double perIteration = TrainingFlops.pruningPerIteration(counted, finalSparsity, pruning, r.totalSteps(),
                    r.config().updateEvery());
            return new Flops(perIteration, 3 * dense);
        }
        double sparse = ModelCost.inferenceFlops(counted, currentSparsity(r));
        return new Flops(r.method().flopsMethod().flopsPerIteration(sparse, dense, r.config().updateEvery()), 3 * dense);
    }

    static double sizeBytes(RigL r, Map<String, int[]> sizes, boolean dense) {
        // the size does not depend on the input size; a kernel-sized input satisfies the counter's checks
        List<CountedLayer> counted = counted(r, sizes, false);
        return ModelCost.sizeBytes(counted, dense ? Map.of() : currentSparsity(r));
    }

    static Map<String, Double> currentSparsity(RigL r) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (SparseLayer s : r.sparseLayers()) m.put(s.name(), 1.0 - (double) s.nnz() / s.numel());
        return m;
    }

    /** The counted layers; with {@code needSizes}, a convolution without a recorded input size is an error. */
    static List<CountedLayer> counted(RigL r, Map<String, int[]> sizes, boolean needSizes) {
        List<CountedLayer> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (WeightLayer l : r.weightLayers()) {
            if (!l.conv()) {
                out.add(new CountedLayer(l.spec(), 1, 1, 1, 0, l.bias(), true));
                continue;
            }
            int[] hw = sizes.get(l.name());
            if (hw == null) {
                if (needSizes) {
                    missing.add(l.name());
                    continue;
                }
                int[] shape = l.spec().shape();
                hw = new int[] {shape[2], shape[3]};
            }
            out.add(new CountedLayer(l.spec(), hw[0], hw[1], l.stride(), l.padding(), l.bias(), true));
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("RigL FLOPs: the input size of convolution(s) " + missing
                    + " is unknown; record it with rigl.convInputSize(layer, height, width)");
        }
        return out;
    }

    /** Per-layer FLOPs at the current sparsity, or null for a convolution without input size. */
    static Double layerFlops(RigL r, WeightLayer l, Map<String, int[]> sizes) {
        int[] hw = l.conv() ? sizes.get(l.name()) : new int[] {1, 1};
        if (hw == null) return null;
        CountedLayer c = new CountedLayer(l.spec(), hw[0], hw[1], l.stride(), l.padding(), l.bias(), true);
        return c.flops(currentSparsity(r).getOrDefault(l.name(), 0.0));
    }
}
