package org.sparsetrain.rigl.schedule;

/** Argument checks shared by the schedules, with messages naming the parameter and its range. */
final class ScheduleChecks {
    private ScheduleChecks() {}

    static void fraction(String who, String name, double v) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException(who + ": " + name + " must be in [0, 1], got " + v);
        }
    }

    static void positive(String who, String name, long v) {
        if (v <= 0) throw new IllegalArgumentException(who + ": " + name + " must be > 0, got " + v);
    }

    static void nonNegative(String who, String name, long v) {
        if (v < 0) throw new IllegalArgumentException(who + ": " + name + " must be >= 0, got " + v);
    }

    static void endAfterBegin(String who, long begin, long end) {
        if (end <= begin) {
            throw new IllegalArgumentException(who + ": end step must be > begin step, got begin " + begin
                    + ", end " + end);
        }
    }

    static void withinRun(String who, String name, long step, long totalSteps) {
        positive(who, "total steps of the run", totalSteps);
        if (step > totalSteps) {
            throw new IllegalArgumentException(who + ": " + name + " " + step + " is beyond the run of "
                    + totalSteps + " steps; use a value <= " + totalSteps);
        }
    }
}
