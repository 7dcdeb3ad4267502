package org.sparsetrain.bench.rigl;

import java.util.SplittableRandom;
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
import org.sparsetrain.rigl.update.SortTopK;
import org.sparsetrain.rigl.update.TopK;

/**
 * Top-k selection of the RigL grow step: k = 10 % of n largest |gradient|-like scores, the
 * linear-time {@link TopK} (introselect on packed keys) against the sort-based oracle
 * {@link SortTopK}, side by side at each size. Scores are |N(0,1)| rounded to a 1e-3 grid so that
 * ties occur, as they do with real gradients in float32.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseTransparentHugePages", "-XX:ObjectAlignmentInBytes=64"})
public class TopKBenchmark {

    @Param({"10000", "100000", "1000000", "10000000"})
    public int n;

    private float[] scores;
    private int k;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        scores = new float[n];
        for (int i = 0; i < n; i++) scores[i] = Math.round(Math.abs(rnd.nextGaussian()) * 1000) / 1000f;
        k = n / 10;
    }

    @Benchmark
    public int[] linearSelect() {
        return TopK.largest(scores, k);
    }

    @Benchmark
    public int[] sortOracle() {
        return SortTopK.largest(scores, k);
    }
}
