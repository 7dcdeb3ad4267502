package org.sparsetrain.rigl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsetrain.rigl.update.DropAndGrow;

/** rigl-spec §4.2 values (Appendix B section D). */
class DropFractionScheduleTest {

    @Test
    void tfCosineValues() {
        var f = new DropFractionSchedule.Cosine(0.3, 0, 50_000);
        long[] steps = {0, 100, 12_500, 25_000, 37_500, 49_900, 50_000};
        double[] expected = {0.3, 0.2999970391, 0.2560660172, 0.15, 0.0439339828, 0.0000029609, 0.0};
        for (int i = 0; i < steps.length; i++) assertEquals(expected[i], f.at(steps[i]), 5e-11, "gs " + steps[i]);
        assertEquals(0.0, f.at(50_000), 0.0); // exactly 0: the last update is a no-op
        assertEquals(0.0, f.at(80_000), 0.0);
    }

    @Test
    void cosineUsesTheRawStepLikeTheReference() {
        var f = new DropFractionSchedule.Cosine(0.3, 1_000, 5_000);
        assertEquals(0.2560660172, f.at(1_000), 5e-11);
    }

    @Test
    void dropCountsFollowTheSchedule() {
        var f = new DropFractionSchedule.Cosine(0.3, 0, 50_000);
        assertEquals(7_056, DropAndGrow.dropCount(23_520, f.at(0)));
        assertEquals(7_055, DropAndGrow.dropCount(23_520, f.at(100)));
    }

    @Test
    void constantAndExponential() {
        assertEquals(0.3, new DropFractionSchedule.Constant(0.3).at(123_456), 0.0);
        var e = new DropFractionSchedule.Exponential(0.3, 1_000, 5_000, 3);
        assertEquals(0.3, e.at(1_000), 0.0);
        assertEquals(0.3 * 0.125, e.at(3_000), 1e-15);
        assertEquals(0.0, e.at(5_000), 0.0);
        assertEquals(0.3, e.at(0), 0.0); // clamped before begin
    }

    @Test
    void rigLTorchCosine() {
        var rt = new RigLTorchTiming(100, 15_000, 1);
        assertEquals(0.2999671025, rt.dropFraction(0.3, 100), 5e-11);
        assertEquals(0.2998684245, rt.dropFraction(0.3, 200), 5e-11);
        assertEquals(0.15, rt.dropFraction(0.3, 7_500), 1e-15);
        assertEquals(0.0000328975, rt.dropFraction(0.3, 14_900), 5e-11);
        // the TF cosine with begin 0 is the same curve
        assertEquals(rt.dropFraction(0.3, 4_321), new DropFractionSchedule.Cosine(0.3, 0, 15_000).at(4_321), 1e-15);
    }

    @Test
    void invalidParametersAreRejected() {
        var alpha = assertThrows(IllegalArgumentException.class, () -> new DropFractionSchedule.Constant(1.2));
        assertTrue(alpha.getMessage().contains("alpha") && alpha.getMessage().contains("[0, 1]")
                && alpha.getMessage().contains("1.2"), alpha.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DropFractionSchedule.Constant(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new DropFractionSchedule.Cosine(0.3, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new DropFractionSchedule.Exponential(0.3, 0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new DropFractionSchedule.Cosine(0.3, 0, 10).at(-1));
    }
}
