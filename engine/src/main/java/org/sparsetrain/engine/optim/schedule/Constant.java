package org.sparsetrain.engine.optim.schedule;

/** The same rate at every step. */
public record Constant(double lr) implements LrSchedule {
    public Constant {
        LrSchedule.checkRate("Constant", "lr", lr);
    }

    @Override public double lr(long step) {
        LrSchedule.checkStep("Constant", step);
        return lr;
    }
}
