package org.sparsetrain.rigl.schedule;

/**
 * The reference's mask-update timing (TF {@code is_mask_update_iter}, rigl-spec §4.1) as a pure
 * function of the global step. TF keeps a {@code last_update_step} initialised to
 * {@code −frequency} and updates when {@code gs ≥ begin ∧ (gs ≤ end ∨ end < 0) ∧ last + ΔT ≤ gs};
 * because the predicate is seen at every global step in turn, that is equivalent to
 * "{@code gs} is one of first, first+ΔT, … within [begin, end]" with {@code first} given by the
 * {@link UpdatePhase}. {@link UpdateTracker} replays the stateful form.
 *
 * @param beginStep first global step at which an update may happen (>= 0)
 * @param endStep   last global step at which an update may happen, <b>inclusive</b>;
 *                  {@link #NEVER_ENDS} (−1) for "never stop"
 * @param frequency ΔT, global steps between updates (> 0)
 * @param phase     where in the iteration the predicate is evaluated
 */
public record UpdateTiming(long beginStep, long endStep, long frequency, UpdatePhase phase) {

    /** {@code endStep} value meaning updates never stop (TF {@code end_step < 0}). */
    public static final long NEVER_ENDS = -1;

    public UpdateTiming {
        ScheduleChecks.positive("update timing", "frequency (delta T)", frequency);
        ScheduleChecks.nonNegative("update timing", "begin step", beginStep);
        if (endStep != NEVER_ENDS && endStep < beginStep) {
            throw new IllegalArgumentException("update timing: end step must be >= begin step " + beginStep
                    + " or -1 (never ends), got " + endStep);
        }
        java.util.Objects.requireNonNull(phase, "update timing: phase");
    }

    /** RigL timing (updates before the step, at B, B+ΔT, … ≤ E). */
    public static UpdateTiming rigl(long beginStep, long endStep, long frequency) {
        return new UpdateTiming(beginStep, endStep, frequency, UpdatePhase.BEFORE_STEP);
    }

    /** SET/SNFS timing (updates after the step). */
    public static UpdateTiming set(long beginStep, long endStep, long frequency) {
        return new UpdateTiming(beginStep, endStep, frequency, UpdatePhase.AFTER_STEP);
    }

    /** The same timing, checked against a run of {@code totalSteps} optimizer steps. */
    public UpdateTiming checkedAgainstRun(long totalSteps) {
        ScheduleChecks.withinRun("update timing", "begin step", beginStep, totalSteps);
        if (endStep != NEVER_ENDS) ScheduleChecks.withinRun("update timing", "end step", endStep, totalSteps);
        return this;
    }

    /** The first global step with an update. */
    public long firstUpdateStep() {
        return phase == UpdatePhase.BEFORE_STEP ? beginStep : Math.max(beginStep, 1);
    }

    /** True when the topology is updated at global step {@code globalStep}. */
    public boolean isUpdateStep(long globalStep) {
        long first = firstUpdateStep();
        if (globalStep < first) return false;
        if (endStep != NEVER_ENDS && globalStep > endStep) return false;
        return (globalStep - first) % frequency == 0;
    }
}
