package org.sparsetrain.engine.optim.schedule;

/**
 * A learning rate as a pure function of the step, counted from 0 (the step about to be taken).
 * Implementations must be deterministic and side-effect free, and return a finite value {@code >= 0}.
 */
@FunctionalInterface
public interface LrSchedule {

    /** The learning rate for step {@code step >= 0}. */
    double lr(long step);

    /** Rejects a negative step with the schedule's name in the message. */
    static void checkStep(String schedule, long step) {
        if (step < 0) throw new IllegalArgumentException(schedule + ": step must be >= 0, got " + step);
    }

    /** Rejects a learning rate that is negative, NaN or infinite. */
    static void checkRate(String schedule, String name, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(schedule + ": " + name + " must be finite and >= 0, got " + value);
        }
    }
}
