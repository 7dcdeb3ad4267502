package org.sparsetrain.engine.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test void constant() {
        assertEquals(0.1, new Constant(0.1).lr(0));
        assertEquals(0.1, new Constant(0.1).lr(1_000_000));
        assertThrows(IllegalArgumentException.class, () -> new Constant(-0.1));
    }

    @Test void stepDecayChangesExactlyAtMultiplesOfStepSize() {
        StepDecay s = new StepDecay(1.0, 30, 0.1);
        assertEquals(1.0, s.lr(0));
        assertEquals(1.0, s.lr(29));
        assertEquals(0.1, s.lr(30));
        assertEquals(0.1, s.lr(59));
        assertEquals(0.1 * 0.1, s.lr(60), 1e-18);
        assertThrows(IllegalArgumentException.class, () -> new StepDecay(1.0, 0, 0.1));
    }

    @Test void multiStepDropsAtEachMilestone() {
        MultiStep s = new MultiStep(0.8, new long[] {10, 25}, 0.5);
        assertEquals(0.8, s.lr(9));
        assertEquals(0.4, s.lr(10));
        assertEquals(0.4, s.lr(24));
        assertEquals(0.2, s.lr(25));
        assertEquals(0.2, s.lr(10_000));
        assertThrows(IllegalArgumentException.class, () -> new MultiStep(0.8, new long[] {10, 10}, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new MultiStep(0.8, new long[] {0}, 0.5));
    }

    @Test void multiStepIsImmutable() {
        long[] m = {10, 20};
        MultiStep s = new MultiStep(1.0, m, 0.1);
        m[0] = 1;
        s.milestones()[0] = 1;
        assertEquals(1.0, s.lr(5));
        assertEquals(new MultiStep(1.0, new long[] {10, 20}, 0.1), s);
    }

    @Test void cosineHitsBaseHalfwayAndMin() {
        Cosine c = new Cosine(1.0, 100, 0.1);
        assertEquals(1.0, c.lr(0));
        assertEquals(0.55, c.lr(50), 1e-15);
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.99)), c.lr(99), 1e-15);
        assertEquals(0.1, c.lr(100));
        assertEquals(0.1, c.lr(500));
        assertThrows(IllegalArgumentException.class, () -> new Cosine(0.1, 100, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new Cosine(0.1, 0, 0.0));
    }

    @Test void linearWarmupRisesToTheInnerSchedule() {
        LinearWarmup w = new LinearWarmup(4, new StepDecay(0.8, 6, 0.5));
        assertEquals(0.2, w.lr(0));
        assertEquals(0.4, w.lr(1));
        assertEquals(0.6, w.lr(2), 1e-15);
        assertEquals(0.8, w.lr(3));
        assertEquals(0.8, w.lr(4));
        assertEquals(0.4, w.lr(6), "the inner schedule sees the absolute step");
        assertEquals(0.5, new LinearWarmup(0, new Constant(0.5)).lr(0), "no warm-up");
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(-1, new Constant(0.5)));
    }

    @Test void negativeStepIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Cosine(1, 10, 0).lr(-1));
        assertEquals("Cosine: step must be >= 0, got -1", e.getMessage());
    }
}
