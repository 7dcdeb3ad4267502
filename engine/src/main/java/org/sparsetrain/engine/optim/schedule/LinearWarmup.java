package org.sparsetrain.engine.optim.schedule;

/**
 * Linear warm-up in front of another schedule (Goyal et al., 2017): for {@code step < warmupSteps} the rate is
 * {@code inner.lr(step) * (step + 1) / warmupSteps}, rising from {@code inner/warmupSteps} at step 0 to the inner
 * rate at step {@code warmupSteps - 1}; from {@code warmupSteps} on it is {@code inner.lr(step)}. The inner schedule
 * sees the absolute step (it is not shifted by the warm-up).
 */
public record LinearWarmup(long warmupSteps, LrSchedule inner) implements LrSchedule {
    public LinearWarmup {
        if (warmupSteps < 0) throw new IllegalArgumentException("LinearWarmup: warmupSteps must be >= 0, got " + warmupSteps);
        if (inner == null) throw new IllegalArgumentException("LinearWarmup: inner schedule must not be null");
    }

    @Override public double lr(long step) {
        LrSchedule.checkStep("LinearWarmup", step);
        double target = inner.lr(step);
        return step < warmupSteps ? target * (step + 1) / warmupSteps : target;
    }
}
