package org.sparsetrain.bench.ops;

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
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Forward+backward of whole ops through autograd, the figures compared with PyTorch's CPU implementation
 * ({@code bench/pytorch/compare_ops.py} times the same shapes): linear 784->300 and conv2d 32->64 3x3 pad 1
 * on 14x14, batch 128, with a seed gradient of ones as in the script.
 *
 * <p>The fork pins a pre-touched 2 GB heap: every call allocates fresh gradients (6.4 MB for the convolution), and
 * on this KVM guest the first touch of a heap page costs ~7 µs, which made the convolution's iterations swing
 * between 34 and 80 ms (2026-12-04) even with transparent huge pages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseTransparentHugePages", "-XX:ObjectAlignmentInBytes=64", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class OpsBenchmark {
    @Param({"1", "2"})
    public int threads;

    private Tensor linX, linW, linB, linSeed;
    private Tensor convX, convW, convB, convSeed;

    @Setup(Level.Trial)
    public void setUp() {
        Backends.reselect(threads);
        Rng rng = new Rng(1);
        int batch = 128;
        linX = Tensor.randn(DType.F32, rng, 784, batch).requiresGradInPlace(true);
        linW = Tensor.uniform(DType.F32, rng, -0.03, 0.03, 300, 784).requiresGradInPlace(true);
        linB = Tensor.zeros(DType.F32, 300).requiresGradInPlace(true);
        linSeed = Tensor.full(DType.F32, 1.0, 300, batch);
        convX = Tensor.randn(DType.F32, rng, 32, 14, 14, batch).requiresGradInPlace(true);
        convW = Tensor.uniform(DType.F32, rng, -0.05, 0.05, 64, 32, 3, 3).requiresGradInPlace(true);
        convB = Tensor.zeros(DType.F32, 64).requiresGradInPlace(true);
        convSeed = Tensor.full(DType.F32, 1.0, 64, 14, 14, batch);
    }

    @Benchmark
    public Tensor linearForwardBackward() {
        clear(linX, linW, linB);
        Tensor y = Functional.linear(linX, linW, linB);
        y.backward(linSeed, false);
        return linW.grad();
    }

    @Benchmark
    public Tensor conv2dForwardBackward() {
        clear(convX, convW, convB);
        Tensor y = Functional.conv2d(convX, convW, convB, 1, 1, 1);
        y.backward(convSeed, false);
        return convW.grad();
    }

    /** Like PyTorch's zero_grad(set_to_none=True): the next backward allocates fresh gradients. */
    private static void clear(Tensor... leaves) {
        for (Tensor t : leaves) t.setGrad(null);
    }
}
