package org.sparsetrain.bench.kernels;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sparsetrain.kernels.cpu.simd.SimdElementwise;

/**
 * What a freshly allocated output costs an elementwise kernel: ReLU backward on an activation of
 * {@code features x 128} floats, once into an output array reused every call and once into a new array per call
 * (what the engine's ops do today: every activation and gradient is a new tensor). The difference is the per-op
 * overhead that dominates a sparse training step at low density (docs/performance.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseTransparentHugePages", "-XX:ObjectAlignmentInBytes=64"})
public class FreshBufferBenchmark {

    /** Hidden widths of LeNet-300-100 (300, 100) and a wide layer; batch 128. */
    @Param({"300", "100", "2048"})
    public int features;

    private float[] x, gy, reused;
    private int len;

    @Setup
    public void setUp() {
        len = features * 128;
        SplittableRandom rng = new SplittableRandom(3);
        x = new float[len];
        gy = new float[len];
        reused = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) rng.nextGaussian();
            gy[i] = (float) rng.nextGaussian();
        }
    }

    @Benchmark
    public float[] reluBackwardReusedOutput() {
        SimdElementwise.reluBackward(x, 0, gy, 0, reused, 0, len);
        return reused;
    }

    @Benchmark
    public float[] reluBackwardFreshOutput() {
        float[] out = new float[len];
        SimdElementwise.reluBackward(x, 0, gy, 0, out, 0, len);
        return out;
    }
}
