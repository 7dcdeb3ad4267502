package org.sparsetrain.rigl.flops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsetrain.rigl.schedule.GradualPruningSchedule;

/**
 * Training cost of gradual magnitude pruning, whose per-step cost changes with the schedule
 * (rigl-spec §5.3). Convention chosen: the TF colab's {@code 3·mean_t f(s_t)}, sampling the
 * schedule every {@code sampleEvery} steps over the run (dense before t0); REPRO's
 * {@code 2·f_D·(1 − s̄) + f_D} (dense weight gradients) is not used.
 */
public final class TrainingFlops {

    private TrainingFlops() {}

    /**
     * @param layers         the counted layers
     * @param finalSparsity  layer name → final sparsity; absent layers stay dense
     * @param schedule       the global schedule; a layer's target at t is
     *                       {@link GradualPruningSchedule#layerSparsityAt}
     * @param totalSteps     optimizer steps of the run (> 0)
     * @param sampleEvery    sampling interval (> 0); samples at t = 0, sampleEvery, … < totalSteps
     * @return mean FLOPs per iteration and example
     */
    public static double pruningPerIteration(List<CountedLayer> layers, Map<String, Double> finalSparsity,
                                             GradualPruningSchedule schedule, long totalSteps, long sampleEvery) {
        if (totalSteps <= 0 || sampleEvery <= 0) {
            throw new IllegalArgumentException("pruning FLOPs: totalSteps and sampleEvery must be > 0, got "
                    + totalSteps + " and " + sampleEvery);
        }
        double sum = 0.0;
        long samples = 0;
        for (long t = 0; t < totalSteps; t += sampleEvery) {
            Map<String, Double> at = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : finalSparsity.entrySet()) {
                at.put(e.getKey(), schedule.layerSparsityAt(t, e.getValue()));
            }
            sum += ModelCost.inferenceFlops(layers, at);
            samples++;
        }
        return 3 * sum / samples;
    }
}
