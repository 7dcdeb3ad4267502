package org.sparsetrain.engine.optim.schedule;

/**
 * {@code baseLr * gamma^floor(step / stepSize)}: the rate is multiplied by {@code gamma} every {@code stepSize}
 * steps (PyTorch's {@code StepLR}); step {@code stepSize} is the first with the decayed rate.
 */
public record StepDecay(double baseLr, long stepSize, double gamma) implements LrSchedule {
    public StepDecay {
        LrSchedule.checkRate("StepDecay", "baseLr", baseLr);
        if (stepSize < 1) throw new IllegalArgumentException("StepDecay: stepSize must be >= 1, got " + stepSize);
        LrSchedule.checkRate("StepDecay", "gamma", gamma);
    }

    @Override public double lr(long step) {
        LrSchedule.checkStep("StepDecay", step);
        return baseLr * Math.pow(gamma, step / stepSize);
    }
}
