package org.sparsetrain.bench.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.data.Batch;
import org.sparsetrain.engine.tensor.Rng;

/** The batches the step benchmarks train on: what they hold, and that they cycle. */
class StepBatchesTest {
    @Test
    void fashionMnistGivesTheSubsetsFullBatchesNormalisedAndCycles() {
        StepBatches data = StepBatches.of("fashion", 128, new Rng(1));
        assertEquals(5000 / 128, data.count(), "one epoch of full batches of the 5000-image subset");
        Batch first = data.next();
        assertEquals(4, first.x().rank());
        assertEquals(128, first.x().dim(3), "batch innermost");
        assertEquals(128, first.size());
        double sum = 0;
        float[] v = first.x().floats();
        for (int i = 0; i < first.x().size(); i++) sum += v[first.x().offset() + i];
        assertTrue(Math.abs(sum / first.x().size()) < 0.2, "normalised to about zero mean, got " + sum / first.x().size());
        for (int y : first.labels()) assertTrue(y >= 0 && y < 10, "label " + y);
        for (int i = 1; i < data.count(); i++) data.next();
        assertSame(first, data.next(), "after count() batches the cycle starts again");
    }

    @Test
    void syntheticIsOneFixedBatch() {
        StepBatches data = StepBatches.of("synthetic", 7, new Rng(1));
        assertEquals(1, data.count());
        Batch b = data.next();
        assertEquals(7, b.size());
        assertSame(b, data.next());
    }

    @Test
    void anUnknownKindIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepBatches.of("cifar", 128, new Rng(1)));
        assertTrue(e.getMessage().contains("'cifar'") && e.getMessage().contains("fashion"), e.getMessage());
    }

    @Test
    void aSparseStepOnRealBatchesGivesAFiniteLoss() {
        StepRig rig = StepRig.create("lenet300100", "sparse:0.1", 2, "fashion");
        for (int i = 0; i < 5; i++) {
            double loss = rig.step();
            assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
        }
    }
}
