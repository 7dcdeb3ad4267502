package org.sparsetrain.bench.kernels;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.kernels.cpu.SimdBackend;

/**
 * Dense SGEMM through the SIMD backend, packing included: 512³ and the three training orientations of a linear
 * layer {@code W[out][in]} at batch 128 (feature-major activations {@code X[in][128]}):
 * forward {@code Y = W·X} (m=out, n=128, k=in), weight gradient {@code dW = dY·Xᵀ} (m=out, n=in, k=128, transB),
 * input gradient {@code dX = Wᵀ·dY} (m=in, n=128, k=out, transA). The score is GEMM calls per second; the
 * {@code flop} secondary result / 1e9 is GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseTransparentHugePages", "-XX:ObjectAlignmentInBytes=64"})
public class GemmBenchmark {

    /** {@code name:m:n:k:transA:transB}. */
    @Param({
            "sq512:512:512:512:N:N",
            "fwd300x784:300:128:784:N:N", "dW300x784:300:784:128:N:T", "dX300x784:784:128:300:T:N",
            "fwd1024x1024:1024:128:1024:N:N", "dW1024x1024:1024:1024:128:N:T", "dX1024x1024:1024:128:1024:T:N"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private SimdBackend backend;
    private boolean transA, transB;
    private int m, n, k;
    private Tensor a, b, c;

    @Setup(Level.Trial)
    public void setUp() {
        String[] f = shape.split(":");
        m = Integer.parseInt(f[1]);
        n = Integer.parseInt(f[2]);
        k = Integer.parseInt(f[3]);
        transA = f[4].equals("T");
        transB = f[5].equals("T");
        SplittableRandom rng = new SplittableRandom(17);
        a = random(rng, transA ? k : m, transA ? m : k);
        b = random(rng, transB ? n : k, transB ? k : n);
        c = Tensor.zeros(m, n);
        backend = new SimdBackend(threads);
    }

    private static Tensor random(SplittableRandom rng, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
        return Tensor.of(v, rows, cols);
    }

    @TearDown(Level.Trial)
    public void tearDown() { backend.close(); }

    @Benchmark
    public Tensor gemm(FlopCounter counter) {
        backend.gemm(transA, transB, m, n, k, 1.0, a, b, 0.0, c);
        counter.flop += 2L * m * n * k;
        return c;
    }
}
