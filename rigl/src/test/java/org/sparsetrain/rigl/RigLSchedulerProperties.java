package org.sparsetrain.rigl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.rigl.distribution.Distribution;
import org.sparsetrain.rigl.update.DropAndGrow;
import org.sparsetrain.rigl.update.DropGrowResult;

/**
 * Invariants of every method over random small MLPs, densities, schedules and gradients drawn
 * from a few values (so ties are common): active counts, exact zeros, fresh state at grown
 * positions, the drop-fraction schedule, and agreement with the pure {@link DropAndGrow}.
 */
class RigLSchedulerProperties {

    @Property(tries = 60)
    void invariantsHoldAtEveryIteration(@ForAll Method method,
                                        @ForAll @IntRange(min = 1, max = 12) int hidden,
                                        @ForAll @DoubleRange(min = 0.05, max = 1.0) double density,
                                        @ForAll @DoubleRange(min = 0.0, max = 1.0) double alpha,
                                        @ForAll @IntRange(min = 1, max = 6) int every,
                                        @ForAll boolean erk,
                                        @ForAll long seed) {
        Rng rng = new Rng(seed);
        Module m = TestNets.mlp(rng, 5, hidden, 3);
        SGD opt = TestNets.sgdNesterov(m, 0.05, 0.9, 1e-3);
        long total = 40;
        RigLConfig cfg = TestNets.masked().method(method).density(density).dropFraction(alpha).updateEvery(every)
                .distribution(erk ? Distribution.ERK : Distribution.UNIFORM).anneal(DropFractionAnneal.COSINE)
                .endStep(30).build();
        RigL r = RigL.attach(m, opt, cfg, total, rng);
        int layers = r.sparseLayers().size();
        for (int l = 0; l < layers; l++) {
            assertEquals(method.randomInitialMask() ? r.allocation().layer(r.sparseLayers().get(l).name()).nnz()
                    : r.sparseLayers().get(l).numel(), r.sparseLayers().get(l).nnz(), "initial count");
        }
        while (r.globalStep() < total) {
            boolean[][] before = new boolean[layers][];
            float[][] weights = new float[layers][];
            float[][] grads = new float[layers][];
            giveTiedGradients(m, rng);
            for (int l = 0; l < layers; l++) {
                before[l] = r.sparseLayers().get(l).mask();
                weights[l] = r.sparseLayers().get(l).weights();
                grads[l] = r.sparseLayers().get(l).denseGradient();
            }
            long gs = r.globalStep();
            long updatesBefore = r.topologyUpdates();
            boolean takeStep = r.step();
            boolean updated = r.topologyUpdates() > updatesBefore;
            assertEquals(updated && (method == Method.RIGL || method == Method.SNIP), !takeStep,
                    "only RigL and SNIP update iterations skip the optimizer step");
            for (int l = 0; l < layers; l++) {
                SparseLayer s = r.sparseLayers().get(l);
                boolean[] after = s.mask();
                int gained = 0, lost = 0;
                Tensor buf = opt.state(s.layer().weight()).buffer();
                for (int i = 0; i < after.length; i++) {
                    if (after[i] && !before[l][i]) {
                        gained++;
                        assertEquals(0.0, s.layer().weight().data().getFlat(i), "grown weight starts at 0");
                        if (buf != null) assertEquals(0.0, buf.getFlat(i), "momentum at a new connection");
                    }
                    if (!after[i] && before[l][i]) lost++;
                    if (!after[i]) assertEquals(0.0, s.layer().weight().grad().getFlat(i), "masked gradient");
                }
                switch (method) {
                    case PRUNE -> assertEquals(0, gained, "pruning only shrinks the mask");
                    case SNIP -> assertTrue(gained == 0 && (lost == 0 || gs == 0), "SNIP changes the mask once, at gs 0");
                    default -> assertEquals(gained, lost, "active count of " + s.name() + " is constant");
                }
                if (updated && method.dropsAndGrows()) {
                    LayerUpdate u = r.lastUpdate().get(l);
                    double f = alpha * 0.5 * (1 + Math.cos(Math.PI * Math.min(gs, 30) / 30));
                    assertEquals(f, u.dropFraction(), 1e-12, "drop fraction follows the cosine schedule");
                    assertEquals(gs, u.globalStep());
                    assertEquals(gained, u.newConnections() + u.revived(), "positions switched on");
                    int nOnes = count(before[l]);
                    if (nOnes < before[l].length) {
                        assertEquals(DropAndGrow.dropCount(nOnes, f) + u.revived(), u.dropped());
                        // kept (active ones and revived ones) and grown are disjoint: their sizes add up
                        assertEquals(count(after), nOnes - u.dropped() + u.revived() + u.grown(),
                                "grown positions overlap kept ones");
                    }
                    // a drop count of 0 is a no-op (spec §3 edge case); the oracle would otherwise let a zero
                    // active weight swap places with an inactive position of equal score
                    if (method == Method.RIGL && nOnes < before[l].length && u.dropped() > 0) {
                        float[] g = new float[grads[l].length];
                        for (int i = 0; i < g.length; i++) g[i] = Math.abs(grads[l][i]);
                        DropGrowResult expected = DropAndGrow.update(before[l], weights[l], g, u.dropped());
                        assertArrayEquals(expected.newMask(), after, "RigL update of " + s.name() + " at gs " + gs);
                    }
                }
            }
            if (takeStep) opt.step();
            r.checkMasks();
            for (SparseLayer s : r.sparseLayers()) {
                Tensor buf = opt.state(s.layer().weight()).buffer();
                for (int i = 0; i < s.numel(); i++) {
                    if (!s.isActive(i)) {
                        assertEquals(0.0, s.layer().weight().data().getFlat(i), "inactive weight after the optimizer step");
                        if (buf != null) assertEquals(0.0, buf.getFlat(i), "momentum at an inactive position");
                    }
                }
            }
        }
    }

    /**
     * Found by the property on CI: with an update every step, a weight grown at one update is still exactly 0 at
     * the next, ties with the inactive positions in the reference drop step and the lower index is "revived".
     * The report once left revived positions out of {@code newConnections}.
     */
    @Example
    void revivedPositionsCountAsNewConnections() {
        invariantsHoldAtEveryIteration(Method.RIGL, 4, 0.16, 0.63, 1, true, -1582L);
    }

    /** Gradients from {-1, -0.5, 0, 0.5, 1}: many exact ties in the grow scores. */
    private static void giveTiedGradients(Module m, Rng rng) {
        for (Parameter p : m.parameters()) {
            p.data().setGrad(Tensor.generate(p.dtype(), () -> (rng.nextInt(5) - 2) * 0.5, p.shape().dims()));
        }
    }

    private static int count(boolean[] m) {
        int c = 0;
        for (boolean b : m) if (b) c++;
        return c;
    }
}
