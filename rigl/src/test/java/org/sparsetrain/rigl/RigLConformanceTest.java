package org.sparsetrain.rigl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.nn.Conv2d;
import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.nn.Sequential;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.rigl.distribution.Distribution;

/** The conformance tests of rigl-spec §12 that go through the scheduler, with the spec's numbers. */
class RigLConformanceTest {

    private static RigLConfig.Builder rigl(double density) {
        return TestNets.masked().method(Method.RIGL).density(density).anneal(DropFractionAnneal.CONSTANT);
    }

    // §12.1 -------------------------------------------------------------------------------------

    @Test
    void initialMasksHaveTheReferenceCounts() {
        // TF testMaskFraction: (30,4) at sparsity 0.5 -> 60 ones; (1,2,1,4) at 0.8 -> 2 ones (floor(6.4) = 6 zeros)
        Module a = new Sequential(new Linear(4, 30, false, new Rng(1)));
        RigL ra = RigL.attach(a, TestNets.sgd(a, 0.1, 0), rigl(0.5).build(), 100, new Rng(2));
        assertEquals(60, ra.nnz("0.weight"));
        Module b = new Sequential(new Conv2d(2, 4, 1, 1, 0, 1, false, new Rng(1)));
        RigL rb = RigL.attach(b, TestNets.sgd(b, 0.1, 0), rigl(0.2).sparsifiable(SparsifiableLayers.all()).build(),
                100, new Rng(2));
        assertEquals(2, rb.nnz("0.weight"));
    }

    // §12.3: the worked update of §3.1, through step() -------------------------------------------

    @Test
    void workedUpdateOfSection31() {
        Module m = new Sequential(new Linear(4, 3, false, new Rng(3)));
        SGD opt = TestNets.sgd(m, 0.1, 0.9);
        RigLConfig cfg = rigl(0.5).dropFraction(0.5).updateEvery(10).endStep(5).build();
        boolean[] mask = {true, true, false, false, true, false, true, false, false, true, true, false};
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(RigL.attach(m, opt, cfg, 10, new Rng(4)).stateDict());
        state.put("mask.0.weight", MaskBits.pack(mask));
        Module model = new Sequential(new Linear(4, 3, false, new Rng(3)));
        SGD optimizer = TestNets.sgd(model, 0.1, 0.9);
        Parameter w = TestNets.param(model, "0.weight");
        TestNets.setValues(w.data(), 0.5f, -0.05f, 0, 0, -0.8f, 0, 0.02f, 0, 0, 0.3f, -0.01f, 0);
        Tensor momentum = Tensor.zeros(DType.F32, 3, 4);
        for (int i = 0; i < 12; i++) if (mask[i]) momentum.setFlat(i, 1.0);
        optimizer.loadStateDict(Map.of("step", Tensor.scalar(DType.F64, 0), "lr", Tensor.scalar(DType.F64, 0.1),
                "momentum_buffer.0", momentum));
        RigL r = RigL.attach(model, optimizer, cfg, 10, state);
        Tensor g = Tensor.zeros(DType.F32, 3, 4);
        TestNets.setValues(g, 0.1f, 0.9f, 0.4f, 0.4f, 0.0f, -0.6f, 0.05f, 0.2f, -0.4f, 0.0f, 0.01f, 0.3f);
        w.data().setGrad(g);

        assertFalse(r.step(), "a RigL update iteration skips the optimizer step");

        assertEquals(List.of(0, 1, 2, 4, 5, 9), TestNets.activeList(r.sparseLayers().get(0)));
        assertArrayEquals(new float[] {0.5f, -0.05f, 0, 0, -0.8f, 0, 0, 0, 0, 0.3f, 0, 0}, w.data().toFloatArray(),
                "regrown 1 keeps -0.05; new 2, 5 start at 0; dropped 6, 10 are cleared");
        float[] mom = optimizer.state(w).buffer().toFloatArray();
        assertArrayEquals(new float[] {1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0}, mom,
                "state reset at the new connections {2, 5} and the deactivated {6, 10}");
        LayerUpdate u = r.lastUpdate().get(0);
        assertEquals(3, u.dropped());
        assertEquals(3, u.grown());
        assertEquals(2, u.newConnections());
        assertEquals(0L, r.globalStep());
    }

    // §12.4 ---------------------------------------------------------------------------------------

    @Test
    void tfRigLTimingPatterns() {
        assertEquals("11101101101", pattern(3, 7, 2, 11));
        assertEquals("10111011111", pattern(1, 5, 3, 11));
        assertEquals("01010101011", pattern(0, 4, 1, 11));
    }

    /** 1 = optimizer step taken, 0 = update iteration (TF testApplyGradients). */
    private static String pattern(long begin, long end, long every, int calls) {
        Module m = TestNets.mlp(new Rng(5), 3, 4, 2);
        SGD opt = TestNets.sgd(m, 0.01, 0.9);
        RigL r = RigL.attach(m, opt, rigl(0.5).beginStep(begin).endStep(end).updateEvery(every).gradAccumulation(1).build(),
                20, new Rng(6));
        Rng g = new Rng(7);
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < calls; c++) {
            TestNets.randomGradients(m, g);
            boolean s = r.step();
            if (s) opt.step();
            sb.append(s ? '1' : '0');
        }
        return sb.toString();
    }

    @Test
    void setUpdatesAtGlobalSteps1And3() {
        Module m = TestNets.mlp(new Rng(5), 3, 4, 2);
        SGD opt = TestNets.sgd(m, 0.01, 0.9);
        RigL r = RigL.attach(m, opt, TestNets.masked().method(Method.SET).density(0.5).beginStep(1).endStep(4)
                .updateEvery(2).anneal(DropFractionAnneal.CONSTANT).build(), 10, new Rng(6));
        Rng g = new Rng(7);
        List<Long> at = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            TestNets.randomGradients(m, g);
            long before = r.topologyUpdates();
            assertTrue(r.step(), "SET never skips the optimizer step");
            if (r.topologyUpdates() > before) at.add(r.lastUpdate().get(0).globalStep());
            opt.step();
        }
        assertEquals(List.of(1L, 3L), at);
    }

    // §12.5: cosine drop fraction and n_prune 7 056 / 7 055 for 23 520 active weights --------------

    @Test
    void cosineDropCountsOnLeNet300100() {
        Module m = TestNets.mlp(new Rng(8), 784, 300, 100, 10);
        SGD opt = TestNets.sgd(m, 0.0, 0.9); // lr 0: only the topology moves
        RigL r = RigL.attach(m, opt, TestNets.masked().method(Method.RIGL).density(0.1).anneal(DropFractionAnneal.COSINE)
                .dropFraction(0.3).beginStep(0).endStep(50_000).updateEvery(100).build(), 50_000, new Rng(9));
        assertEquals(23_520, r.nnz("0.weight"));
        Rng g = new Rng(10);
        TestNets.randomGradients(m, g);
        assertFalse(r.step());
        assertEquals(7_056, r.lastUpdate().get(0).dropped());
        assertEquals(0.3, r.lastUpdate().get(0).dropFraction(), 0.0);
        for (int i = 0; i < 100; i++) {
            assertTrue(r.step());
            opt.step();
        }
        TestNets.randomGradients(m, g);
        assertFalse(r.step());
        assertEquals(100L, r.lastUpdate().get(0).globalStep());
        assertEquals(0.2999970391, r.lastUpdate().get(0).dropFraction(), 1e-10);
        assertEquals(7_055, r.lastUpdate().get(0).dropped());
        assertEquals(23_520, r.nnz("0.weight"));
    }

    // §12.7: FLOPs of §5.4 ----------------------------------------------------------------------------

    @Test
    void flopsOfTheMlpExample() {
        Module m = TestNets.mlp(new Rng(11), 784, 300, 100, 10);
        RigL r = RigL.attach(m, TestNets.sgd(m, 0.1, 0.9), rigl(0.1).updateEvery(100).build(), 1000, new Rng(12));
        Flops inf = r.inferenceFlops();
        assertEquals(53_650, inf.sparse(), 1e-6);
        assertEquals(532_810, inf.dense(), 1e-6);
        assertEquals(165_694.2, r.trainingFlops().sparse(), 0.05);
        assertEquals(3 * 532_810, r.trainingFlops().dense(), 1e-6);
        assertEquals(1_131_160 / 8.0, r.modelSizeBytes(), 1e-6);
        assertEquals(1_066_440, r.denseModelSizeBytes(), 1e-6);
        Module s = TestNets.mlp(new Rng(11), 784, 300, 100, 10);
        RigL snfs = RigL.attach(s, TestNets.sgd(s, 0.1, 0.9), TestNets.masked().method(Method.SNFS).density(0.1).build(),
                1000, new Rng(12));
        assertEquals(640_110, snfs.trainingFlops().sparse(), 1e-6);
    }

    @Test
    void flopsOfTheConvNetExample() {
        Module m = new TestNets.SpecConvNet(new Rng(13));
        RigL r = RigL.attach(m, TestNets.sgd(m, 0.1, 0.9), rigl(0.1).sparsifiable(SparsifiableLayers.all()).build(),
                1000, new Rng(14));
        assertTrue(assertThrowsMessage(r::inferenceFlops).contains("[conv1.weight, conv2.weight]"));
        r.convInputSize("conv1.weight", 28, 28).convInputSize("conv2.weight", 12, 12);
        Flops f = r.inferenceFlops();
        assertEquals(8_557_066, f.dense(), 1e-6);
        // fc1 holds 52 429 of 524 288 weights (sparsity 0.89999962), not exactly 0.9: under one FLOP apart
        assertEquals(876_451.6, f.sparse(), 1.0);
    }

    private static String assertThrowsMessage(org.junit.jupiter.api.function.Executable e) {
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, e).getMessage();
    }

    // §12.9: the SNIP example of §4.7 -------------------------------------------------------------------

    @Test
    void snipExampleMask() {
        Module m = new Sequential(new Linear(4, 3, false, new Rng(15)));
        SGD opt = TestNets.sgd(m, 0.1, 0.9);
        RigL r = RigL.attach(m, opt, TestNets.masked().method(Method.SNIP).density(0.25).build(), 100, new Rng(16));
        assertEquals(12, r.nnz("0.weight"), "SNIP starts dense");
        Parameter w = TestNets.param(m, "0.weight");
        TestNets.setValues(w.data(), 0.5f, -0.05f, 0.7f, -0.2f, -0.8f, 0.1f, 0.02f, -0.3f, 0.6f, 0.3f, -0.01f, 0.25f);
        Tensor g = Tensor.zeros(DType.F32, 3, 4);
        TestNets.setValues(g, 0.1f, 0.9f, 0.4f, 0.4f, 0.0f, -0.6f, 0.05f, 0.2f, -0.4f, 0.0f, 0.01f, 0.3f);
        w.data().setGrad(g);
        assertFalse(r.step(), "the SNIP iteration only prunes");
        assertEquals(List.of(2, 3, 8), TestNets.activeList(r.sparseLayers().get(0)));
        assertArrayEquals(new float[] {0, 0, 0.7f, -0.2f, 0, 0, 0, 0, 0.6f, 0, 0, 0}, w.data().toFloatArray());
        assertEquals(0L, r.globalStep());
        assertTrue(r.step(), "afterwards SNIP trains as static");
    }

    // §12.10: rigl-torch's __str__ for the conv net ----------------------------------------------------

    @Test
    void rigLTorchStringOfTheConvNet() {
        Module m = new TestNets.SpecConvNet(new Rng(17));
        RigL r = RigL.attach(m, TestNets.sgd(m, 0.1, 0.9), rigl(0.1).distribution(Distribution.uniformFirstLayerDense())
                .sparsifiable(SparsifiableLayers.all()).build(), 1000, new Rng(18));
        assertEquals("""
                RigLScheduler(
                layers=4,
                nonzero_params=[800/800, 5120/51200, 52429/524288, 512/5120],
                nonzero_percentages=[100.00%, 10.00%, 10.00%, 10.00%],
                total_nonzero_params=58861/581408 (10.12%),
                total_CONV_nonzero_params=5920/52000 (11.38%),
                step=0,
                num_rigl_steps=0,
                ignoring_linear_layers=False,
                sparsity_distribution=uniform,
                )""", r.toRigLTorchString());
    }

    @Test
    void rigLTorchStringOfAnMlpHasNoConvRatio() {
        Module m = TestNets.mlp(new Rng(19), 6, 5, 2);
        RigL r = RigL.attach(m, TestNets.sgd(m, 0.1, 0.9), rigl(0.5).build(), 100, new Rng(20));
        assertTrue(r.toRigLTorchString().contains("total_CONV_nonzero_params=0/0 (n/a),"), r.toRigLTorchString());
    }
}
