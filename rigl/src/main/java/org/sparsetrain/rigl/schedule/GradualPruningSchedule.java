package org.sparsetrain.rigl.schedule;

/**
 * Zhu &amp; Gupta's gradual magnitude pruning schedule ("To prune, or not to prune", 2017) as TF
 * contrib {@code model_pruning/pruning.py} computes it (rigl-spec §4.8):
 * {@code p = clip((gs − t0)/(t_end − t0), 0, 1)}, {@code s(gs) = s_f + (s_i − s_f)·(1 − p)^e}.
 * One begin/end pair serves both the sparsity function and the pruning window, as every
 * reference script sets them equal.
 *
 * @param initialSparsity s_i in [0, 1] (0 in every reference script)
 * @param finalSparsity   s_f in [0, 1]
 * @param beginStep       t0 (>= 0)
 * @param endStep         t_end (> t0); pruning is allowed up to and including it
 * @param frequency       global steps between pruning updates (> 0)
 * @param exponent        e (> 0), 3 in the reference
 */
public record GradualPruningSchedule(double initialSparsity, double finalSparsity, long beginStep, long endStep,
                                     long frequency, double exponent) {

    public GradualPruningSchedule {
        String who = "gradual pruning schedule";
        ScheduleChecks.fraction(who, "initial sparsity", initialSparsity);
        ScheduleChecks.fraction(who, "final sparsity", finalSparsity);
        ScheduleChecks.nonNegative(who, "begin step", beginStep);
        ScheduleChecks.endAfterBegin(who, beginStep, endStep);
        ScheduleChecks.positive(who, "frequency", frequency);
        if (!(exponent > 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException(who + ": exponent must be finite and > 0, got " + exponent);
        }
    }

    /** The cubic schedule from zero sparsity. */
    public static GradualPruningSchedule cubic(double finalSparsity, long beginStep, long endStep, long frequency) {
        return new GradualPruningSchedule(0.0, finalSparsity, beginStep, endStep, frequency, 3.0);
    }

    /** The same schedule, checked against a run of {@code totalSteps} optimizer steps. */
    public GradualPruningSchedule checkedAgainstRun(long totalSteps) {
        ScheduleChecks.withinRun("gradual pruning schedule", "end step", endStep, totalSteps);
        return this;
    }

    /** Global target sparsity {@code s(gs)}. */
    public double sparsityAt(long globalStep) {
        double p = Math.clamp((double) (globalStep - beginStep) / (endStep - beginStep), 0.0, 1.0);
        return finalSparsity + (initialSparsity - finalSparsity) * Math.pow(1.0 - p, exponent);
    }

    /**
     * Target of a layer whose final sparsity differs from s_f (TF {@code weight_sparsity_map}):
     * {@code s(gs)·layerFinal/s_f}; 0 when s_f is 0.
     */
    public double layerSparsityAt(long globalStep, double layerFinalSparsity) {
        ScheduleChecks.fraction("gradual pruning schedule", "layer final sparsity", layerFinalSparsity);
        return finalSparsity == 0.0 ? 0.0 : sparsityAt(globalStep) * layerFinalSparsity / finalSparsity;
    }

    /**
     * True when the masks are recomputed after the optimizer step that produced
     * {@code globalStep}: {@code gs ∈ [begin, end]} and {@code last + frequency ≤ gs} with
     * {@code last} initialised to <b>0</b> (not −frequency), so the first pruning happens at
     * {@code max(begin, frequency)} and then every {@code frequency} steps.
     */
    public boolean isPruningStep(long globalStep) {
        long first = Math.max(beginStep, frequency);
        return globalStep >= first && globalStep <= endStep && (globalStep - first) % frequency == 0;
    }

    /**
     * Weights kept in a layer of {@code n} at sparsity {@code s}:
     * {@code round_half_even(float32(n)·(1 − float32(s)))}, as TF computes {@code k}.
     */
    public static long keptCount(long n, double sparsity) {
        ScheduleChecks.fraction("gradual pruning schedule", "sparsity", sparsity);
        float k = (float) n * (1.0f - (float) sparsity);
        return (long) Math.rint(k);
    }
}
