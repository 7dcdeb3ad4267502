package org.sparsetrain.rigl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** rigl-spec §4.1 and §8.3/8.4 conformance patterns (Appendix B section D). */
class UpdateTimingTest {

    /** Replays TF RigL: 1 = optimizer step (gs += 1), 0 = update iteration (gs unchanged). */
    private static List<Integer> rigLPattern(UpdateTiming t, int iterations, List<Long> updates) {
        UpdateTracker tracker = new UpdateTracker(t);
        List<Integer> out = new ArrayList<>();
        long gs = 0;
        for (int it = 0; it < iterations; it++) {
            boolean update = tracker.isUpdateIteration(gs);
            assertEquals(update, t.isUpdateStep(gs) && !updates.contains(gs), "pure vs stateful at gs " + gs);
            if (update) {
                tracker.recordUpdate(gs);
                updates.add(gs);
                out.add(0);
            } else {
                gs++;
                out.add(1);
            }
        }
        return out;
    }

    @Test
    void tfRigLPatterns() {
        List<Long> u1 = new ArrayList<>();
        assertEquals(List.of(1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1), rigLPattern(UpdateTiming.rigl(3, 7, 2), 11, u1));
        assertEquals(List.of(3L, 5L, 7L), u1);
        List<Long> u2 = new ArrayList<>();
        assertEquals(List.of(1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1), rigLPattern(UpdateTiming.rigl(1, 5, 3), 11, u2));
        assertEquals(List.of(1L, 4L), u2);
        List<Long> u3 = new ArrayList<>();
        assertEquals(List.of(0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1), rigLPattern(UpdateTiming.rigl(0, 4, 1), 11, u3));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), u3);
        List<Long> mnist = new ArrayList<>();
        rigLPattern(UpdateTiming.rigl(0, 50_000, 100), 305, mnist);
        assertEquals(List.of(0L, 100L, 200L, 300L), mnist.subList(0, 4));
    }

    @Test
    void tfSetUpdatesAfterTheStep() {
        UpdateTiming t = UpdateTiming.set(1, 4, 2);
        UpdateTracker tracker = new UpdateTracker(t);
        List<Long> updates = new ArrayList<>();
        for (long gs = 1; gs <= 6; gs++) { // the optimizer step has already incremented gs
            assertEquals(tracker.isUpdateIteration(gs), t.isUpdateStep(gs), "gs " + gs);
            if (tracker.isUpdateIteration(gs)) {
                tracker.recordUpdate(gs);
                updates.add(gs);
            }
        }
        assertEquals(List.of(1L, 3L), updates);
        assertEquals(1, UpdateTiming.set(0, UpdateTiming.NEVER_ENDS, 100).firstUpdateStep());
        assertTrue(UpdateTiming.set(0, UpdateTiming.NEVER_ENDS, 100).isUpdateStep(1_000_001));
    }

    @Test
    void rigLTorchTiming() {
        var rt = new RigLTorchTiming(3, 11, 2);
        assertEquals(List.of(3L, 6L, 9L), LongStream.rangeClosed(1, 15).filter(rt::isUpdateCall).boxed().toList());
        assertEquals(List.of(2L, 3L, 5L, 6L, 8L, 9L, 11L),
                LongStream.rangeClosed(1, 15).filter(rt::accumulatesDenseGradient).boxed().toList());
    }

    @Test
    void invalidTimingsAreRejected() {
        var delta = assertThrows(IllegalArgumentException.class, () -> UpdateTiming.rigl(0, 100, 0));
        assertTrue(delta.getMessage().contains("frequency") && delta.getMessage().contains("0"), delta.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RigLTorchTiming(-5, 100, 1));
        assertThrows(IllegalArgumentException.class, () -> new RigLTorchTiming(3, 100, 3));
        assertThrows(IllegalArgumentException.class, () -> UpdateTiming.rigl(10, 5, 1));
        var beyond = assertThrows(IllegalArgumentException.class,
                () -> UpdateTiming.rigl(0, 75_000, 100).checkedAgainstRun(50_000));
        assertTrue(beyond.getMessage().contains("75000") && beyond.getMessage().contains("50000"), beyond.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RigLTorchTiming(100, 20_000, 1).checkedAgainstRun(10_000));
        assertEquals(50_000, UpdateTiming.rigl(0, 50_000, 100).checkedAgainstRun(50_000).endStep());
    }
}
