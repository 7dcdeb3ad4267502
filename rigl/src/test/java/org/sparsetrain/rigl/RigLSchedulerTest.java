package org.sparsetrain.rigl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.nn.Sequential;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.rigl.schedule.GradualPruningSchedule;
import org.sparsetrain.rigl.update.DropAndGrow;

/** Behaviour of each method through {@link RigL#step()}, beyond the spec's worked examples. */
class RigLSchedulerTest {

    private static Module single(int in, int out, long seed) {
        return new Sequential(new Linear(in, out, false, new Rng(seed)));
    }

    private static void setGrad(Parameter p, float... g) {
        Tensor t = Tensor.zeros(DType.F32, p.shape().dims());
        TestNets.setValues(t, g);
        p.data().setGrad(t);
    }

    @Test
    void equalGrowScoresGrowTheLowestIndicesFirst() {
        Module m = single(5, 4, 1);
        SGD opt = TestNets.sgd(m, 0.1, 0.9);
        RigL r = RigL.attach(m, opt, TestNets.masked().density(0.25).dropFraction(0.4).updateEvery(10).endStep(5)
                .anneal(DropFractionAnneal.CONSTANT).build(), 10, new Rng(2));
        SparseLayer s = r.sparseLayers().get(0);
        boolean[] before = s.mask();
        float[] w = s.weights();
        TestNets.param(m, "0.weight").data().setGrad(Tensor.zeros(DType.F32, 4, 5)); // every grow score ties at 0
        assertFalse(r.step());
        // keep the 3 largest |w| of the 5 active (ties: lower index), then grow 2: all candidates score 0,
        // so the two lowest indices not kept win (spec §0 tie rule)
        List<Integer> active = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) if (before[i]) active.add(i);
        active.sort((x, y) -> Float.compare(Math.abs(w[y]), Math.abs(w[x])) != 0
                ? Float.compare(Math.abs(w[y]), Math.abs(w[x])) : Integer.compare(x, y));
        boolean[] expected = new boolean[20];
        for (int i : active.subList(0, 3)) expected[i] = true;
        int grown = 0;
        for (int i = 0; i < 20 && grown < 2; i++) {
            if (!expected[i]) {
                expected[i] = true;
                grown++;
            }
        }
        assertArrayEquals(expected, s.mask());
        assertEquals(5, s.nnz());
    }

    @Test
    void gradientAccumulationAveragesTheLastNBatches() {
        Module m = single(4, 3, 3);
        SGD opt = TestNets.sgd(m, 0.0, 0.0);
        // updates at gs 0 and 4; with n = 3 the second averages the batches of gs 2, 3 and the update call
        RigL r = RigL.attach(m, opt, TestNets.masked().density(0.5).dropFraction(0.5).updateEvery(4).endStep(8)
                .gradAccumulation(3).anneal(DropFractionAnneal.CONSTANT).build(), 10, new Rng(4));
        Parameter w = TestNets.param(m, "0.weight");
        Rng g = new Rng(5);
        float[][] batches = new float[7][12];
        for (float[] b : batches) for (int i = 0; i < 12; i++) b[i] = (float) g.normal();
        setGrad(w, batches[0]);
        assertFalse(r.step());
        float[] sum = new float[12];
        for (int c = 1; c <= 4; c++) { // gs 0, 1, 2, 3
            setGrad(w, batches[c]);
            assertTrue(r.step());
            opt.step();
            if (c >= 3) for (int i = 0; i < 12; i++) sum[i] += batches[c][i];
        }
        setGrad(w, batches[5]);
        boolean[] mask = r.sparseLayers().get(0).mask();
        float[] weights = r.sparseLayers().get(0).weights();
        float[] mean = new float[12];
        for (int i = 0; i < 12; i++) mean[i] = Math.abs((sum[i] + batches[5][i]) * (1f / 3));
        assertFalse(r.step());
        assertEquals(4L, r.lastUpdate().get(0).globalStep());
        assertArrayEquals(DropAndGrow.update(mask, weights, mean, 3).newMask(), r.sparseLayers().get(0).mask());
    }

    @Test
    void snfsGrowsWhereTheEmaOfDenseGradientsIsLargest() {
        Module m = single(4, 3, 6);
        SGD opt = TestNets.sgd(m, 0.05, 0.9);
        RigL r = RigL.attach(m, opt, TestNets.masked().method(Method.SNFS).density(0.5).dropFraction(0.5).updateEvery(2)
                .beginStep(2).endStep(8).anneal(DropFractionAnneal.CONSTANT).build(), 10, new Rng(7));
        Parameter w = TestNets.param(m, "0.weight");
        Rng g = new Rng(8);
        float[] ema = new float[12];
        for (int c = 0; c < 2; c++) { // gs 0 and 1 fold into the EMA; no update yet
            float[] b = new float[12];
            for (int i = 0; i < 12; i++) b[i] = (float) g.normal();
            for (int i = 0; i < 12; i++) ema[i] = 0.9f * ema[i] + 0.1f * b[i];
            setGrad(w, b);
            assertTrue(r.step());
            opt.step();
        }
        assertEquals(0, r.topologyUpdates());
        boolean[] mask = r.sparseLayers().get(0).mask();
        float[] weights = r.sparseLayers().get(0).weights();
        for (int i = 0; i < 12; i++) ema[i] = Math.abs(ema[i]);
        setGrad(w, new float[12]);
        assertTrue(r.step(), "SET/SNFS updates do not skip the step");
        assertEquals(2L, r.lastUpdate().get(0).globalStep());
        assertArrayEquals(DropAndGrow.update(mask, weights, ema, 3).newMask(), r.sparseLayers().get(0).mask());
    }

    @Test
    void pruneShrinksFromDenseToTheScheduleTarget() {
        Module m = TestNets.mlp(new Rng(9), 20, 10, 4);
        SGD opt = TestNets.sgd(m, 0.05, 0.9);
        RigL r = RigL.attach(m, opt, TestNets.masked().method(Method.PRUNE).density(0.2).updateEvery(5)
                .beginStep(5).endStep(40).build(), 50, new Rng(10));
        assertEquals(200, r.nnz("0.weight"), "pruning starts dense");
        Rng g = new Rng(11);
        long last = 200;
        while (r.globalStep() < 50) {
            TestNets.randomGradients(m, g);
            long gs = r.globalStep();
            assertTrue(r.step());
            opt.step();
            long now = r.nnz("0.weight");
            assertTrue(now <= last, "the mask only shrinks");
            if (r.isUpdateStep(gs) && gs <= 40) {
                double s = GradualPruningSchedule.cubic(0.8, 5, 40, 5).sparsityAt(gs);
                assertEquals(GradualPruningSchedule.keptCount(200, s), now, "count at gs " + gs);
            }
            last = now;
        }
        assertEquals(GradualPruningSchedule.keptCount(200, 0.8), r.nnz("0.weight"));
        assertEquals(GradualPruningSchedule.keptCount(40, 0.8), r.nnz("2.weight"));
        r.checkMasks();
    }

    @Test
    void staticNeverChangesTheMask() {
        Module m = TestNets.mlp(new Rng(12), 6, 8, 3);
        SGD opt = TestNets.sgd(m, 0.05, 0.9);
        RigL r = RigL.attach(m, opt, TestNets.masked().method(Method.STATIC).density(0.3).updateEvery(1).build(), 20, new Rng(13));
        boolean[] first = r.sparseLayers().get(0).mask();
        Rng g = new Rng(14);
        for (int i = 0; i < 20; i++) {
            TestNets.randomGradients(m, g);
            assertTrue(r.step());
            opt.step();
        }
        assertArrayEquals(first, r.sparseLayers().get(0).mask());
        assertEquals(0, r.topologyUpdates());
    }

    @Test
    void initialMasksAreSeededAndInactiveWeightsZeroed() {
        Module a = TestNets.mlp(new Rng(15), 10, 8, 3);
        Module b = TestNets.mlp(new Rng(15), 10, 8, 3);
        RigLConfig c = TestNets.masked().density(0.3).build();
        RigL ra = RigL.attach(a, TestNets.sgd(a, 0.1, 0.9), c, 100, new Rng(16));
        RigL rb = RigL.attach(b, TestNets.sgd(b, 0.1, 0.9), c, 100, new Rng(16));
        Module d = TestNets.mlp(new Rng(15), 10, 8, 3);
        RigL rc = RigL.attach(d, TestNets.sgd(d, 0.1, 0.9), c, 100, new Rng(17));
        assertArrayEquals(ra.sparseLayers().get(0).mask(), rb.sparseLayers().get(0).mask());
        assertFalse(java.util.Arrays.equals(ra.sparseLayers().get(0).mask(), rc.sparseLayers().get(0).mask()));
        ra.checkMasks();
        assertEquals(ra.allocation().layer("0.weight").nnz(), ra.nnz("0.weight"));
    }

    @Test
    void aWeightWrittenBehindTheSchedulersBackIsReported() {
        Module m = TestNets.mlp(new Rng(18), 6, 5, 2);
        SGD opt = TestNets.sgd(m, 0.1, 0.9);
        RigL r = RigL.attach(m, opt, TestNets.masked().density(0.4).build(), 100, new Rng(19));
        SparseLayer s = r.sparseLayers().get(0);
        int inactive = 0;
        while (s.isActive(inactive)) inactive++;
        s.layer().weight().data().setFlat(inactive, 0.5);
        String msg = assertThrows(IllegalStateException.class, r::step).getMessage();
        assertTrue(msg.contains("inactive weight 0.weight[" + inactive + "] = 0.5"), msg);
    }

    @Test
    void anOptimizerStepTheSchedulerDidNotAllowIsReported() {
        Module m = TestNets.mlp(new Rng(20), 6, 5, 2);
        SGD opt = TestNets.sgd(m, 0.1, 0.0);
        RigL r = RigL.attach(m, opt, TestNets.masked().density(0.4).updateEvery(50).build(), 100, new Rng(21));
        Rng g = new Rng(22);
        TestNets.randomGradients(m, g);
        assertFalse(r.step()); // gs 0: update, no step
        opt.step();            // misuse: the caller stepped anyway
        TestNets.randomGradients(m, g);
        String msg = assertThrows(IllegalStateException.class, r::step).getMessage();
        assertTrue(msg.contains("optimizer has taken 1 steps since attach, but rigl.step() allowed 0"), msg);
    }

    @Test
    void referenceRuleKeepsAConvolutionalFirstLayerDenseAndTheTableSaysSo() {
        Module m = new TestNets.SpecConvNet(new Rng(23));
        RigL r = RigL.attach(m, TestNets.sgd(m, 0.1, 0.9), TestNets.masked().density(0.1).build(), 1000, new Rng(24));
        assertEquals(List.of("conv2.weight", "fc1.weight", "fc2.weight"),
                r.sparseLayers().stream().map(SparseLayer::name).toList());
        assertEquals(800, r.nnz("conv1.weight"));
        String table = r.toString();
        assertTrue(table.contains("first layer dense if it is a convolution"), table);
        assertTrue(table.matches("(?s).*conv1\\.weight +CONV +\\[32, 1, 5, 5\\] +dense \\(not sparsifiable\\) +1\\.0000 +800 / 800 +-\\s.*"), table);
        assertTrue(table.matches("(?s).*fc1\\.weight +LINEAR +\\[512, 1024\\] +sparse +0\\.1000 +52429 / 524288 +105370\\s.*"), table);
        assertTrue(table.contains("total"), table);
    }

    @Test
    void stateDictRoundTripRestoresMasksAndCounters() {
        Module m = TestNets.mlp(new Rng(25), 8, 6, 3);
        SGD opt = TestNets.sgd(m, 0.05, 0.9);
        RigLConfig c = TestNets.masked().method(Method.SET).density(0.3).updateEvery(3).build();
        RigL r = RigL.attach(m, opt, c, 30, new Rng(26));
        Rng g = new Rng(27);
        for (int i = 0; i < 7; i++) {
            TestNets.randomGradients(m, g);
            if (r.step()) opt.step();
        }
        RigL back = RigL.attach(m, opt, c, 30, r.stateDict());
        assertEquals(r.globalStep(), back.globalStep());
        assertEquals(r.calls(), back.calls());
        assertEquals(r.topologyUpdates(), back.topologyUpdates());
        for (int l = 0; l < r.sparseLayers().size(); l++) {
            assertArrayEquals(r.sparseLayers().get(l).mask(), back.sparseLayers().get(l).mask());
        }
        assertEquals(MaskBits.words(48), r.stateDict().get("mask.0.weight").size(), "one bit per weight, 32 per word");
    }

    @Test
    void maskBitsRoundTripAndRejectGarbage() {
        Rng g = new Rng(28);
        boolean[] mask = new boolean[70];
        for (int i = 0; i < mask.length; i++) mask[i] = g.nextDouble() < 0.3;
        assertArrayEquals(mask, MaskBits.unpack(MaskBits.pack(mask), 70, "m"));
        Tensor bad = MaskBits.pack(mask);
        bad.setFlat(2, 1 << 10); // bit 74 of a 70-bit mask
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MaskBits.unpack(bad, 70, "m")).getMessage()
                .contains("bit 74 set beyond the 70 weights"));
    }
}
