package org.sparsetrain.rigl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.optim.SgdConfig;
import org.sparsetrain.engine.sparse.ExecutionMode;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.rigl.distribution.Distribution;

/**
 * SPARSE execution against MASKED (design §3: the same numbers within float rounding): the same seeded training
 * run of every method, with many topology updates, ends with the same masks, the same weights and the same
 * accuracy; AUTO moves a pruned layer from MASKED to SPARSE when it crosses the crossover, without a jump.
 */
class SparseExecutionTest {
    private static final int IN = 12, HIDDEN = 40, CLASSES = 3, BATCH = 32;
    private static final long TOTAL = 120;

    private record Run(Module model, SGD opt, RigL rigl, double[] losses) {}

    /** A seeded teacher problem: label = argmax of a fixed random projection of x. */
    private static Tensor batch(long index, int[] labels) {
        Rng r = new Rng(99_991L * index + 5), t = new Rng(4242);
        double[][] teacher = new double[CLASSES][IN];
        for (double[] row : teacher) for (int i = 0; i < IN; i++) row[i] = t.normal();
        Tensor x = Tensor.zeros(DType.F32, IN, BATCH);
        for (int j = 0; j < BATCH; j++) {
            double[] s = new double[CLASSES];
            for (int i = 0; i < IN; i++) {
                float v = (float) r.normal();
                x.setFlat(i * BATCH + j, v);
                for (int c = 0; c < CLASSES; c++) s[c] += teacher[c][i] * v;
            }
            int best = 0;
            for (int c = 1; c < CLASSES; c++) if (s[c] > s[best]) best = c;
            labels[j] = best;
        }
        return x;
    }

    private static Run train(Method method, ExecutionMode mode, long total) {
        Module m = TestNets.mlp(new Rng(17), IN, HIDDEN, HIDDEN, CLASSES);
        SGD opt = new SGD(m.parameters(), SgdConfig.of(0.1).withMomentum(0.9).withNesterov(true).withWeightDecay(1e-4));
        RigLConfig.Builder cfg = RigLConfig.builder().method(method).density(method == Method.PRUNE ? 0.05 : 0.2)
                .distribution(Distribution.UNIFORM).updateEvery(8).dropFraction(0.3).endFraction(0.8).execution(mode);
        if (method == Method.RIGL) cfg.gradAccumulation(3);
        RigL rigl = RigL.attach(m, opt, cfg.build(), total, new Rng(18));
        double[] losses = new double[(int) (total * 2)];
        int[] labels = new int[BATCH];
        int it = 0;
        while (rigl.globalStep() < total) {
            Tensor x = batch(it, labels);
            opt.zeroGrad();
            Tensor loss = Functional.crossEntropy(m.forward(x), labels, 0.0);
            losses[it++] = loss.item();
            loss.backward();
            if (rigl.step()) opt.step();
        }
        return new Run(m, opt, rigl, java.util.Arrays.copyOf(losses, it));
    }

    private static double accuracy(Module m) {
        int[] labels = new int[BATCH];
        int right = 0, seen = 0;
        for (long b = 10_000; b < 10_010; b++) {
            Tensor x = batch(b, labels);
            Tensor y = m.forward(x);
            for (int j = 0; j < BATCH; j++) {
                int best = 0;
                for (int c = 1; c < CLASSES; c++) if (y.get(c, j) > y.get(best, j)) best = c;
                if (best == labels[j]) right++;
                seen++;
            }
        }
        return (double) right / seen;
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void sparseRunEqualsMaskedRun(Method method) {
        Run masked = train(method, ExecutionMode.MASKED, TOTAL);
        Run sparse = train(method, ExecutionMode.SPARSE, TOTAL);
        assertTrue(sparse.rigl.topologyUpdates() > (method == Method.STATIC ? -1 : 0), "updates happened");
        assertEquals(masked.rigl.topologyUpdates(), sparse.rigl.topologyUpdates());
        List<SparseLayer> a = masked.rigl.sparseLayers(), b = sparse.rigl.sparseLayers();
        for (int l = 0; l < a.size(); l++) {
            assertEquals(ExecutionMode.MASKED, a.get(l).mode());
            assertEquals(ExecutionMode.SPARSE, b.get(l).mode(), method + " " + b.get(l).name());
            assertArrayEquals(a.get(l).mask(), b.get(l).mask(), method + ": mask of " + a.get(l).name());
            float[] wa = a.get(l).weights(), wb = b.get(l).weights();
            for (int i = 0; i < wa.length; i++) {
                assertEquals(wa[i], wb[i], 1e-4 * (1 + Math.abs(wa[i])), method + ": " + a.get(l).name() + "[" + i + "]");
            }
        }
        assertArrayEquals(masked.losses, sparse.losses, 1e-4, method + ": loss curve");
        assertEquals(accuracy(masked.model), accuracy(sparse.model), 0.01, method + ": accuracy");
    }

    @Test void sparseTrainingLearns() {
        Run sparse = train(Method.RIGL, ExecutionMode.SPARSE, TOTAL);
        assertTrue(accuracy(sparse.model) > 0.6, "RigL in SPARSE mode learns the teacher: " + accuracy(sparse.model));
        // optimizer state is per active position
        for (SparseLayer s : sparse.rigl.sparseLayers()) {
            assertEquals(s.nnz(), sparse.opt.state(s.layer().weight()).buffer().size());
        }
    }

    @Test void autoSwitchesAPrunedLayerToSparseWithoutChangingTheNumbers() {
        Run masked = train(Method.PRUNE, ExecutionMode.MASKED, TOTAL);
        Run auto = train(Method.PRUNE, ExecutionMode.AUTO, TOTAL);
        // pruning starts dense (MASKED under AUTO) and ends at 5 % (SPARSE under AUTO)
        for (SparseLayer s : auto.rigl.sparseLayers()) assertEquals(ExecutionMode.SPARSE, s.mode(), s.name());
        assertArrayEquals(masked.losses, auto.losses, 1e-4);
    }
}
