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

/**
 * One whole training step, the figure the sparse-execution issue is judged by: forward, cross-entropy,
 * backward, {@code rigl.step()} and the optimizer step, on batches of 128 (real ones by default, {@link #data}). RigL updates the
 * topology every {@code updateEvery} (100) steps for as long as the benchmark runs ({@link StepRig}), so the
 * average includes the update iterations (and the dense gradient they need) amortised at ΔT = 100, as in training.
 *
 * <p>{@code run} is {@code dense} (no scheduler), or {@code masked:D} / {@code sparse:D}: RigL at uniform
 * density D on every sparsifiable layer (the first convolution of LeNet-5 stays dense, as in the reference),
 * run with dense kernels on {@code W ⊙ M} (what every other RigL code does) or with the compressed kernels.
 * Ratios are read between rows of the same JMH run.
 *
 * <p>The fork pins a pre-touched 2 GB heap: on this KVM guest a first touch of a heap page costs ~7 µs, and with
 * a growing heap whole iterations ran 2–3× slower than their neighbours even with transparent huge pages
 * (docs/performance.md, "Heap page faults").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages", "-XX:ObjectAlignmentInBytes=64", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class TrainingStepBenchmark {
    @Param({"lenet300100", "lenet5"})
    public String model;

    @Param({"dense", "masked:0.1", "sparse:0.1", "masked:0.01", "sparse:0.01"})
    public String run;

    @Param({"1", "2"})
    public int threads;

    /**
     * ΔT of the RigL schedule. 100 is the reference setting; a value beyond the run's step count (e.g.
     * {@code -p updateEvery=1000000000}) keeps the initial random topology and times the step without updates.
     * On the fixed synthetic batch the updates concentrate the first layer's nonzeros in a few rows over tens of thousands of
     * steps, which makes its kernels slower (docs/performance.md, "The drift of the sparse rows").
     */
    @Param({"100"})
    public long updateEvery;

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
        rig = StepRig.create(model, run, updateEvery, data);
    }

    @Benchmark
    public double step() {
        return rig.step();
    }
}
