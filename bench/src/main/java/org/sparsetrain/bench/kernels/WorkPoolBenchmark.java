package org.sparsetrain.bench.kernels;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sparsetrain.kernels.cpu.WorkPool;

/**
 * The fixed cost of one parallel call: {@code WorkPool.forRange} over as many chunks as threads, each chunk a
 * trivial write. With 1 thread it is a plain call; with 2 it is the hand-off to the worker and the wait for it,
 * which every parallel kernel of a training step pays once (why the pool's workers spin before parking:
 * docs/performance.md, "Whole training step").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseTransparentHugePages", "-XX:ObjectAlignmentInBytes=64"})
public class WorkPoolBenchmark {

    @Param({"1", "2"})
    public int threads;

    private WorkPool pool;
    /** Each chunk writes its own slot, far enough apart not to share a cache line. */
    private final long[] sink = new long[64];

    @Setup(Level.Trial)
    public void setUp() {
        pool = new WorkPool(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public long emptyForRange() {
        pool.forRange(threads, (from, to) -> {
            for (int c = from; c < to; c++) sink[c * 16]++;
        });
        return sink[0];
    }
}
