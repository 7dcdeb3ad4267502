package org.sparsetrain.rigl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The pure predicate equals the reference's stateful one when consulted at every step. */
class UpdateTimingProperties {

    @Property(tries = 300)
    void pureAndStatefulAgree(@ForAll @IntRange(min = 0, max = 20) int begin,
                              @ForAll @IntRange(min = -1, max = 60) int endOffset,
                              @ForAll @IntRange(min = 1, max = 9) int frequency,
                              @ForAll boolean beforeStep) {
        long end = endOffset < 0 ? UpdateTiming.NEVER_ENDS : begin + endOffset;
        UpdateTiming t = new UpdateTiming(begin, end, frequency,
                beforeStep ? UpdatePhase.BEFORE_STEP : UpdatePhase.AFTER_STEP);
        UpdateTracker tracker = new UpdateTracker(t);
        // BEFORE_STEP sees gs = 0, 1, 2, ... once each after an update iteration; AFTER_STEP sees 1, 2, ...
        for (long gs = beforeStep ? 0 : 1; gs < 120; gs++) {
            boolean stateful = tracker.isUpdateIteration(gs);
            assertEquals(stateful, t.isUpdateStep(gs), "gs " + gs);
            if (stateful) tracker.recordUpdate(gs);
        }
    }
}
