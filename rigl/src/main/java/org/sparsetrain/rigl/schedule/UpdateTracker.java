package org.sparsetrain.rigl.schedule;

/**
 * The reference's stateful update predicate (TF {@code SparseSETOptimizerBase} /
 * {@code SparseRigLOptimizerBase}), kept literally: {@code last_update_step} starts at
 * {@code −frequency} ("enables early mask updates") and is set to the step of each update.
 * A scheduler can use either this or the pure {@link UpdateTiming#isUpdateStep}; they agree when
 * the predicate is consulted at every step.
 */
public final class UpdateTracker {
    private final UpdateTiming timing;
    private long lastUpdateStep;

    public UpdateTracker(UpdateTiming timing) {
        this.timing = java.util.Objects.requireNonNull(timing, "timing");
        this.lastUpdateStep = -timing.frequency();
    }

    /** TF {@code is_mask_update_iter(gs)}. */
    public boolean isUpdateIteration(long globalStep) {
        boolean inRange = globalStep >= timing.beginStep()
                && (globalStep <= timing.endStep() || timing.endStep() == UpdateTiming.NEVER_ENDS);
        return inRange && lastUpdateStep + timing.frequency() <= globalStep;
    }

    /** Records an update at {@code globalStep} ({@code last_update_step ← gs}). */
    public void recordUpdate(long globalStep) {
        lastUpdateStep = globalStep;
    }

    public long lastUpdateStep() {
        return lastUpdateStep;
    }

    /** Restores the state saved by {@link #lastUpdateStep()} (checkpoints). */
    public void restore(long lastUpdateStep) {
        this.lastUpdateStep = lastUpdateStep;
    }
}
