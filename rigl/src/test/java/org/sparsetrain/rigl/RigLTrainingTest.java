package org.sparsetrain.rigl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.optim.SgdConfig;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.rigl.distribution.Distribution;

/**
 * End to end: an MLP trained with the two-line API on a seeded synthetic problem learns, keeps
 * every invariant at every iteration, and a run resumed from the state dicts is bit-identical to
 * the uninterrupted one.
 */
class RigLTrainingTest {
    private static final int IN = 16;
    private static final int CLASSES = 4;
    private static final int BATCH = 64;
    private static final long TOTAL = 300;
    /** The teacher: label = argmax(T·x). */
    private static final float[][] TEACHER = teacher();

    private record Run(Module model, SGD optimizer, RigL rigl) {}

    private static float[][] teacher() {
        Rng r = new Rng(424242);
        float[][] t = new float[CLASSES][IN];
        for (float[] row : t) for (int i = 0; i < IN; i++) row[i] = (float) r.normal();
        return t;
    }

    /** Batch {@code index}: x feature-major [IN][BATCH] and labels, a pure function of the index. */
    private static Tensor batch(long index, int n, int[] labels) {
        Rng r = new Rng(7_000_003L * index + 11);
        Tensor x = Tensor.zeros(DType.F32, IN, n);
        float[] xs = x.floats();
        int xo = x.offset();
        for (int j = 0; j < n; j++) {
            float[] v = new float[IN];
            for (int i = 0; i < IN; i++) {
                v[i] = (float) r.normal();
                xs[xo + i * n + j] = v[i];
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double s = 0;
                for (int i = 0; i < IN; i++) s += TEACHER[c][i] * v[i];
                if (s > bestScore) { bestScore = s; best = c; }
            }
            labels[j] = best;
        }
        return x;
    }

    private static RigLConfig config(Method method) {
        RigLConfig.Builder b = RigLConfig.builder().method(method).density(0.1).distribution(Distribution.ERK)
                .updateEvery(25).dropFraction(0.3).endFraction(0.75);
        if (method == Method.RIGL) b.gradAccumulation(3);
        return b.build();
    }

    private static Run fresh(Method method, long modelSeed) {
        Module m = TestNets.mlp(new Rng(modelSeed), IN, 64, 32, CLASSES);
        SGD opt = new SGD(m.parameters(), SgdConfig.of(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(1e-4));
        return new Run(m, opt, RigL.attach(m, opt, config(method), TOTAL, new Rng(modelSeed + 1)));
    }

    /** One iteration of the caller's loop, exactly the two lines of the API around a backward pass. */
    private static void iterate(Run run) {
        int[] labels = new int[BATCH];
        Tensor x = batch(run.rigl.calls(), BATCH, labels);
        run.optimizer.zeroGrad();
        Tensor loss = Functional.crossEntropy(run.model.forward(x), labels, 0.0);
        loss.backward();
        if (run.rigl.step()) run.optimizer.step();
    }

    private static void trainUntil(Run run, long calls, boolean checkInvariants) {
        long[] nnz = run.rigl.sparseLayers().stream().mapToLong(SparseLayer::nnz).toArray();
        while (run.rigl.globalStep() < TOTAL && run.rigl.calls() < calls) {
            iterate(run);
            if (!checkInvariants) continue;
            run.rigl.checkMasks();
            for (int l = 0; l < nnz.length; l++) {
                SparseLayer s = run.rigl.sparseLayers().get(l);
                assertEquals(nnz[l], s.nnz(), "active count of " + s.name() + " at call " + run.rigl.calls());
                Tensor buf = run.optimizer.state(s.layer().weight()).buffer();
                if (s.mode() == org.sparsetrain.engine.sparse.ExecutionMode.SPARSE) {
                    // state exists for active positions only: nothing to check at inactive ones but its size
                    if (buf != null) assertEquals(s.nnz(), buf.size(), "momentum slots of sparse " + s.name());
                    continue;
                }
                for (int i = 0; buf != null && i < s.numel(); i++) {
                    if (!s.isActive(i)) assertEquals(0.0, buf.getFlat(i), "momentum at inactive " + s.name() + "[" + i + "]");
                }
            }
        }
    }

    private static double accuracy(Module model) {
        int n = 1000;
        int[] labels = new int[n];
        Tensor logits = model.forward(batch(-1, n, labels));
        int correct = 0;
        for (int j = 0; j < n; j++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) if (logits.get(c, j) > logits.get(best, j)) best = c;
            if (best == labels[j]) correct++;
        }
        return (double) correct / n;
    }

    @Test
    void rigLAtDensityTenPercentLearnsAndKeepsItsInvariants() {
        Run run = fresh(Method.RIGL, 1);
        double before = accuracy(run.model);
        trainUntil(run, Long.MAX_VALUE, true);
        double after = accuracy(run.model);
        assertEquals(TOTAL, run.rigl.globalStep());
        // updates at gs 0, 25, …, 225 (end = 0.75·300): ten iterations without an optimizer step
        assertEquals(10, run.rigl.topologyUpdates());
        assertEquals(TOTAL + 10, run.rigl.calls());
        assertTrue(after > 0.75, "accuracy " + after + " (before training " + before + ", chance 0.25)");
        assertEquals(0.1, run.rigl.allocation().realisedDensity(), 0.002);
    }

    @ParameterizedTest
    @CsvSource({"RIGL, 77", "RIGL, 156", "SET, 101", "SNFS, 60", "PRUNE, 130", "SNIP, 40", "STATIC, 33"})
    void resumeFromStateDictsIsBitIdentical(Method method, long stopAt) {
        Run straight = fresh(method, 3);
        trainUntil(straight, Long.MAX_VALUE, false);

        Run first = fresh(method, 3);
        trainUntil(first, stopAt, false);
        Map<String, Tensor> model = first.model.stateDict();
        Map<String, Tensor> optim = first.optimizer.stateDict();
        Map<String, Tensor> sched = first.rigl.stateDict();

        Module m = TestNets.mlp(new Rng(999), IN, 64, 32, CLASSES); // different init: everything comes from the state
        SGD opt = new SGD(m.parameters(), SgdConfig.of(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(1e-4));
        m.loadStateDict(model, true);
        opt.loadStateDict(optim);
        Run resumed = new Run(m, opt, RigL.attach(m, opt, config(method), TOTAL, sched));
        trainUntil(resumed, Long.MAX_VALUE, false);

        assertEquals(straight.rigl.calls(), resumed.rigl.calls());
        assertEquals(straight.rigl.topologyUpdates(), resumed.rigl.topologyUpdates());
        for (Map.Entry<String, Parameter> e : straight.model.namedParameters().entrySet()) {
            assertArrayEquals(e.getValue().data().toFloatArray(), m.namedParameters().get(e.getKey()).data().toFloatArray(),
                    method + ": parameter " + e.getKey());
        }
    }
}
