package org.sparsetrain.rigl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.sparse.ExecutionMode;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.rigl.distribution.Distribution;

/**
 * Measured heap, not a formula: what a model's weights plus its optimizer state retain between training steps, dense
 * against SPARSE execution at density 0.01 (the sparse-execution issue's bar: below 5 % of dense). The MLP is large
 * (8.4 M weights, 67 MB of weights and momentum when dense) so that the few hundred KB of noise a heap reading after
 * GC has cannot matter; the dense reading is checked against the heap footprint of its weight and momentum arrays, so a broken measurement fails
 * instead of passing.
 */
class SparseMemoryFootprintTest {
    private static final int WIDTH = 2048, IN = 2048, CLASSES = 10, BATCH = 4;

    @Test
    void sparseWeightsAndMomentumAtDensityOnePercentRetainUnderFivePercentOfDense() {
        long base = retainedHeap();
        Trained dense = train(null);
        long denseBytes = retainedHeap() - base;
        long parameters = dense.model.parameters().stream().mapToLong(p -> p.size()).sum();
        long expected = weightAndMomentumFootprint(dense.model);
        Reference.reachabilityFence(dense);
        dense = null;

        base = retainedHeap();
        Trained sparse = train(ExecutionMode.SPARSE);
        long sparseBytes = retainedHeap() - base;
        assertTrue(sparse.rigl.topologyUpdates() > 0, "the sparse run must have gone through a topology update");
        long nnz = sparse.rigl.totalNnz();
        Reference.reachabilityFence(sparse);

        double ratio = (double) sparseBytes / denseBytes;
        System.out.printf(Locale.ROOT, "memory: dense %.1f MB (%,d parameters), sparse(0.01, %,d active) %.2f MB = %.2f %% of dense%n",
                denseBytes / 1e6, parameters, nnz, sparseBytes / 1e6, 100 * ratio);
        assertEquals(expected, denseBytes, 0.05 * expected, "dense retained heap");
        // a reading at or below zero means something outside the model moved the baseline, not a tiny model
        assertTrue(sparseBytes > 0, "sparse retained heap must be positive, measured " + sparseBytes + " bytes");
        assertTrue(ratio < 0.05, "sparse retains " + sparseBytes + " bytes, " + 100 * ratio + " % of dense " + denseBytes);
    }

    private record Trained(Module model, SGD optimizer, RigL rigl) {}

    /** A few steps (dense when {@code mode} is null, else RigL at 0.01 with an update every 2 steps), then no batch, graph or gradient kept. */
    private static Trained train(ExecutionMode mode) {
        Module m = TestNets.mlp(new Rng(5), IN, WIDTH, WIDTH, CLASSES);
        SGD opt = TestNets.sgd(m, 0.01, 0.9);
        RigL rigl = mode == null ? null : RigL.attach(m, opt, RigLConfig.builder().method(Method.RIGL).density(0.01)
                .distribution(Distribution.UNIFORM).updateEvery(2).dropFraction(0.3).endFraction(0.75).execution(mode)
                .build(), 100, new Rng(6));
        Rng r = new Rng(7);
        int[] labels = new int[BATCH];
        for (int step = 0; step < 5; step++) {
            Tensor x = Tensor.randn(DType.F32, r, IN, BATCH);
            for (int j = 0; j < BATCH; j++) labels[j] = (step + j) % CLASSES;
            opt.zeroGrad();
            Tensor loss = Functional.crossEntropy(m.forward(x), labels, 0.0);
            loss.backward();
            if (rigl == null || rigl.step()) opt.step();
        }
        opt.zeroGrad();
        for (var p : m.parameters()) p.data().setGrad(null);
        return new Trained(m, opt, rigl);
    }

    /**
     * Weights + momentum: two float32 arrays per parameter tensor, each as the collector lays it out. A method of its
     * own so that no iterator over the dense model stays in a local slot of the test (it kept 33 MB reachable).
     */
    private static long weightAndMomentumFootprint(Module model) {
        long bytes = 0;
        for (var p : model.parameters()) bytes += 2 * heapFootprint(4L * p.size());
        return bytes;
    }

    /**
     * Heap bytes a float array of {@code bytes} payload occupies: G1 puts an array of half a region or more in whole
     * regions of its own ("humongous"), so a 16 MB weight takes 5 regions of 4 MB, not 4.
     */
    private static long heapFootprint(long bytes) {
        long object = bytes + 16;
        long region = g1RegionBytes();
        if (region <= 0 || object < region / 2) return object;
        return (object + region - 1) / region * region;
    }

    /** G1's region size, or 0 when another collector runs. */
    private static long g1RegionBytes() {
        var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        if (!"true".equals(hotspot.getVMOption("UseG1GC").getValue())) return 0;
        return Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue());
    }

    /** Used heap after full collections; the least of a few readings, since a collection can leave garbage behind. */
    private static long retainedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
