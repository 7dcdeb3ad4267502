package org.sparsetrain.rigl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** rigl-spec §4.8 values (Appendix B section D). */
class GradualPruningScheduleTest {

    private final GradualPruningSchedule mnist = GradualPruningSchedule.cubic(0.98, 2_000, 30_000, 500);

    @Test
    void cubicValues() {
        assertEquals(0.0, mnist.sparsityAt(0), 0.0);
        assertEquals(0.0, mnist.sparsityAt(2_000), 0.0);
        assertEquals(0.5665625, mnist.sparsityAt(9_000), 1e-15);
        assertEquals(0.8575, mnist.sparsityAt(16_000), 1e-15);
        assertEquals(0.9646875, mnist.sparsityAt(23_000), 1e-15);
        assertEquals(0.98, mnist.sparsityAt(30_000), 0.0);
        assertEquals(0.98, mnist.sparsityAt(90_000), 0.0);
    }

    @Test
    void layerTargetsScaleWithTheCustomFinalSparsity() {
        // MNIST script: layer2 at 0.9·s_f, layer3 dense
        assertEquals(0.5665625 * 0.9, mnist.layerSparsityAt(9_000, 0.9 * 0.98), 1e-15);
        assertEquals(0.0, mnist.layerSparsityAt(9_000, 0.0), 0.0);
    }

    @Test
    void pruningStepsStartAtBeginWithLastUpdateInitialisedToZero() {
        assertEquals(List.of(2_000L, 2_500L, 3_000L),
                LongStream.rangeClosed(1, 3_200).filter(mnist::isPruningStep).boxed().toList());
        assertTrue(mnist.isPruningStep(30_000)); // end inclusive
        assertFalse(mnist.isPruningStep(30_500));
        var early = GradualPruningSchedule.cubic(0.9, 0, 10_000, 500);
        assertFalse(early.isPruningStep(0));
        assertTrue(early.isPruningStep(500)); // last = 0, so not before gs = frequency
    }

    @Test
    void keptCountRoundsHalfToEvenInFloat32() {
        assertEquals(4_704, GradualPruningSchedule.keptCount(235_200, 0.98));
        assertEquals(2, GradualPruningSchedule.keptCount(5, 0.5)); // 2.5 → 2
        assertEquals(4, GradualPruningSchedule.keptCount(7, 0.5)); // 3.5 → 4
    }

    @Test
    void invalidParametersAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> GradualPruningSchedule.cubic(1.5, 0, 10, 1));
        assertTrue(e.getMessage().contains("final sparsity") && e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GradualPruningSchedule.cubic(0.9, 10, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> GradualPruningSchedule.cubic(0.9, 0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> mnist.checkedAgainstRun(20_000));
    }
}
