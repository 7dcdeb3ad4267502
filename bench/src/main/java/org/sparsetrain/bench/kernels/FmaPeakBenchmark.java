package org.sparsetrain.bench.kernels;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sparsetrain.kernels.cpu.simd.FmaPeak;

/**
 * The single-core FMA peak that GEMM efficiency is quoted against: 12 independent FloatVector FMA chains in
 * registers. The {@code flop} secondary result (ops/s) / 1e9 is GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseTransparentHugePages", "-XX:ObjectAlignmentInBytes=64"})
public class FmaPeakBenchmark {
    /** Long enough that the call overhead is negligible, short enough for many samples per iteration. */
    static final int ITERATIONS = 100_000;

    private float seed = 1f;

    @Benchmark
    public float fmaChains(FlopCounter counter) {
        counter.flop += FmaPeak.flops(ITERATIONS);
        return FmaPeak.run(ITERATIONS, seed);
    }
}
