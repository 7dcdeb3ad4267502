package org.sparsetrain.bench.step;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.rigl.RigL;

/**
 * One RigL topology update alone: the {@code rigl.step()} call of an update iteration (drop by magnitude, grow by
 * the dense gradient's magnitude, optimizer state remapped, sparse index rebuilt), without the forward and backward
 * pass before it. The invocation set-up runs a normal iteration and then the forward and backward pass of the
 * update iteration (which produces the dense gradient the grow step reads), so the timed call is the update only.
 * ΔT = 1 makes every global step an update step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages", "-XX:ObjectAlignmentInBytes=64", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class TopologyUpdateBenchmark {
    @Param({"lenet300100"})
    public String model;

    @Param({"sparse:0.1", "masked:0.1", "sparse:0.01"})
    public String run;

    @Param({"1"})
    public int threads;

    /**
     * The batches trained on ({@link StepBatches}): {@code fashion}, the embedded Fashion-MNIST subset's full
     * batches cycled (a training run's topology), or {@code synthetic}, one fixed random batch, the figures of
     * docs/performance.md before 2026-12-04 21:30 UTC.
     */
    @Param({"fashion"})
    public String data;

    private StepRig rig;

    @Setup(Level.Trial)
    public void setUp() {
        Backends.reselect(threads);
        rig = StepRig.create(model, run, 1, data);
    }

    /** A normal iteration (so the pending update is consumed), then the update iteration's forward and backward. */
    @Setup(Level.Invocation)
    public void reachUpdateIteration() {
        RigL rigl = rig.rigl();
        if (!rigl.isUpdateStep(rigl.globalStep()) || updatedAt(rigl, rigl.globalStep())) {
            rig.step();
        }
        rig.forwardBackward();
    }

    @Benchmark
    public boolean update() {
        boolean stepTaken = rig.rigl().step();
        if (stepTaken) throw new IllegalStateException("the timed rigl.step() was not an update iteration");
        return stepTaken;
    }

    private static boolean updatedAt(RigL rigl, long gs) {
        return !rigl.lastUpdate().isEmpty() && rigl.lastUpdate().get(0).globalStep() == gs;
    }
}
