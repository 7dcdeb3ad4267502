package org.sparsetrain.engine.optim.schedule;

/**
 * Cosine annealing without restarts (Loshchilov and Hutter, 2017):
 * {@code minLr + (baseLr - minLr) * (1 + cos(pi * step / totalSteps)) / 2} for {@code step < totalSteps},
 * and {@code minLr} from {@code totalSteps} on.
 */
public record Cosine(double baseLr, long totalSteps, double minLr) implements LrSchedule {
    public Cosine {
        LrSchedule.checkRate("Cosine", "baseLr", baseLr);
        LrSchedule.checkRate("Cosine", "minLr", minLr);
        if (totalSteps < 1) throw new IllegalArgumentException("Cosine: totalSteps must be >= 1, got " + totalSteps);
        if (minLr > baseLr) {
            throw new IllegalArgumentException("Cosine: minLr " + minLr + " must not exceed baseLr " + baseLr);
        }
    }

    @Override public double lr(long step) {
        LrSchedule.checkStep("Cosine", step);
        if (step >= totalSteps) return minLr;
        return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * step / totalSteps));
    }
}
