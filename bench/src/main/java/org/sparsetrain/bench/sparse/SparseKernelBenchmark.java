package org.sparsetrain.bench.sparse;

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
import org.sparsetrain.engine.tensor.FloatStorage;
import org.sparsetrain.kernels.cpu.simd.ConvKernels;
import org.sparsetrain.kernels.cpu.simd.SimdGemm;
import org.sparsetrain.kernels.cpu.simd.SparseConvLayout;
import org.sparsetrain.kernels.cpu.sparse.CsrMatrix;
import org.sparsetrain.kernels.cpu.sparse.SparseKernels;

/**
 * Sparse kernels against the dense kernels of the same engine, one thread, batch 128, feature-major activations.
 * {@code mode = dense} is the dense baseline (density 1.0: {@link SimdGemm} in the same orientation, or the dense
 * {@link ConvKernels}); {@code sparse-D} is the sparse kernel at density D with a uniform random mask. The ratio
 * dense time / sparse time is the speedup (targets: at least 4x at 0.1 and 35x at 0.01).
 *
 * <ul>
 *   <li>{@code forward}: {@code Y = W·X} (SpMM vs GEMM);</li>
 *   <li>{@code inputGradient}: {@code dX = Wᵀ·dY} (CSC SpMM including the O(nnz) value refresh, vs transposed GEMM);</li>
 *   <li>{@code weightGradient}: {@code dW = dY·Xᵀ} (SDDMM at the active positions vs the dense GEMM);</li>
 *   <li>{@code inputGradientScatter}: {@code dX = Wᵀ·dY} scattered from the CSR (zeroing included), for comparison;</li>
 *   <li>{@code conv*}: LeNet-5 conv2 (20 -> 50, 5x5 on 12x12, batch 128), direct sparse conv vs dense direct conv;
 *       the sparse input gradient includes building the dilated gradient and the value refresh.</li>
 * </ul>
 * Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar SparseKernelBenchmark
 * -f 1 -wi 3 -w 2s -i 5 -r 2s}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseTransparentHugePages", "-XX:ObjectAlignmentInBytes=64"})
public class SparseKernelBenchmark {
    static final int BATCH = 128;
    /** Where activation rows start in their arrays (the engine's tensor layout). */
    static final int P = FloatStorage.PAD;

    /** A linear layer {@code W [m][k]} with its activations and gradients. */
    @State(Scope.Thread)
    public static class Linear extends LinearOperands {
        @Param({"300x784", "1024x1024"})
        public String shape;
        @Param({"dense", "sparse-0.1", "sparse-0.01"})
        public String mode;

        final SparseKernels kernels = SparseKernels.SIMD;

        @Setup(Level.Trial)
        public void setUp() { build(shape, density(mode)); }
    }

    /** Scatter-form input gradient, sparse only. */
    @State(Scope.Thread)
    public static class Scatter {
        @Param({"300x784", "1024x1024"})
        public String shape;
        @Param({"0.1", "0.01"})
        public double density;

        int m, k;
        float[] dy, dx;
        CsrMatrix w;

        @Setup(Level.Trial)
        public void setUp() {
            String[] s = shape.split("x");
            m = Integer.parseInt(s[0]);
            k = Integer.parseInt(s[1]);
            SplittableRandom rnd = new SplittableRandom(42);
            w = randomMatrix(rnd, m, k, density);
            dy = activation(rnd, m * BATCH);
            dx = FloatStorage.allocate(k * BATCH);
        }
    }

    /** LeNet-5 conv2: 20 -> 50 channels, 5x5, 12x12 input, no padding, batch 128. */
    @State(Scope.Thread)
    public static class Conv extends ConvOperands {
        @Param({"dense", "sparse-0.1"})
        public String mode;

        @Setup(Level.Trial)
        public void setUp() { build(density(mode)); }
    }

    /** {@code dense} is density 1.0, {@code sparse-D} density D. */
    static double density(String mode) {
        return mode.equals("dense") ? 1.0 : Double.parseDouble(mode.substring("sparse-".length()));
    }

    static CsrMatrix randomMatrix(SplittableRandom rnd, int rows, int cols, double density) {
        float[] w = random(rnd, rows * cols);
        boolean[] mask = new boolean[rows * cols];
        for (int i = 0; i < mask.length; i++) mask[i] = density >= 1 || rnd.nextDouble() < density;
        return CsrMatrix.fromDense(w, mask, rows, cols);
    }

    /**
     * Random values from {@link FloatStorage#PAD} on, as the engine lays out an activation tensor (a cache-line start
     * when the fork runs with {@code -XX:ObjectAlignmentInBytes=64}), so the kernels see the rows the layers give them.
     */
    static float[] activation(SplittableRandom rnd, int size) {
        float[] a = FloatStorage.allocate(size);
        for (int i = 0; i < size; i++) a[P + i] = (float) (rnd.nextDouble() * 2 - 1);
        return a;
    }

    static float[] random(SplittableRandom rnd, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) (rnd.nextDouble() * 2 - 1);
        return a;
    }

    @Benchmark
    public float[] forward(Linear s) {
        if (s.dense) {
            SimdGemm.gemm(false, false, s.m, BATCH, s.k, 1f, s.wDense, 0, s.k, s.x, P, BATCH, 0f, s.y, P, BATCH);
        } else {
            s.kernels.spmm(s.w, s.x, P, BATCH, 0f, s.y, P, 0, s.m);
        }
        return s.y;
    }

    @Benchmark
    public float[] inputGradient(Linear s) {
        if (s.dense) {
            SimdGemm.gemm(true, false, s.k, BATCH, s.m, 1f, s.wDense, 0, s.k, s.dy, P, BATCH, 0f, s.dx, P, BATCH);
        } else {
            s.w.refreshTransposedValues();
            s.kernels.spmmTransposed(s.w, s.dy, P, BATCH, s.dx, P, 0, s.k);
        }
        return s.dx;
    }

    @Benchmark
    public float[] weightGradient(Linear s) {
        if (s.dense) {
            SimdGemm.gemm(false, true, s.m, s.k, BATCH, 1f, s.dy, P, BATCH, s.x, P, BATCH, 0f, s.dwDense, 0, s.k);
            return s.dwDense;
        }
        s.kernels.sddmm(s.w, s.dy, P, s.x, P, BATCH, s.dwSparse, 0, 0, s.m);
        return s.dwSparse;
    }

    @Benchmark
    public float[] inputGradientScatter(Scatter s) {
        java.util.Arrays.fill(s.dx, 0f);
        SparseKernels.SIMD.scatterTransposed(s.w, s.dy, P, BATCH, s.dx, P, 0, s.m);
        return s.dx;
    }

    @Benchmark
    public float[] convForward(Conv s) {
        if (s.dense) ConvKernels.forward(s.g, s.x, P, s.wDense, 0, s.y, P, 0, s.g.outC());
        else SparseKernels.SIMD.convForward(s.g, s.w, s.x, P, s.y, P, 0, s.g.outC());
        return s.y;
    }

    @Benchmark
    public float[] convInputGradient(Conv s) {
        if (s.dense) {
            ConvKernels.backwardInput(s.g, s.gy, P, s.wDense, 0, s.gx, P, 0, s.g.inC());
        } else {
            s.w.refreshTransposedValues();
            SparseConvLayout.dilateGradient(s.g, s.gy, P, s.dilated, P, 0, s.g.outC());
            SparseKernels.SIMD.convBackwardInput(s.g, s.w, s.dilated, P, s.gx, P, 0, s.g.inC());
        }
        return s.gx;
    }

    @Benchmark
    public float[] convWeightGradient(Conv s) {
        if (s.dense) {
            ConvKernels.backwardWeight(s.g, s.x, P, s.gy, P, s.gwDense, 0, 0, s.g.outC());
            return s.gwDense;
        }
        SparseKernels.SIMD.convBackwardWeight(s.g, s.w, s.x, P, s.gy, P, s.gwSparse, 0, 0, s.g.outC());
        return s.gwSparse;
    }
}
