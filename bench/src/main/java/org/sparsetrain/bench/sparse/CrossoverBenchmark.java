package org.sparsetrain.bench.sparse;

import static org.sparsetrain.bench.sparse.SparseKernelBenchmark.BATCH;
import static org.sparsetrain.bench.sparse.SparseKernelBenchmark.P;

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
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.kernels.cpu.simd.ConvKernels;
import org.sparsetrain.kernels.cpu.simd.SimdGemm;
import org.sparsetrain.kernels.cpu.simd.SparseConvLayout;
import org.sparsetrain.kernels.cpu.sparse.SparseKernels;

/**
 * Where a layer's sparse training products stop beating the dense kernels on {@code W ⊙ M}: the crossover densities
 * of {@code rigl.ExecutionPlanner} (AUTO) come from this benchmark. One thread, batch 128, uniform random masks.
 * Each call is one training step's three products of one layer: forward, input gradient and weight gradient.
 * {@code density = 1.0} is what a MASKED layer runs at any density (the dense kernels); every other row runs the
 * sparse kernels at that density. The crossover is the density where a sparse row reaches the 1.0 row.
 *
 * <ul>
 *   <li>{@code linear}: SpMM, CSC SpMM (with its value refresh) and SDDMM against three GEMMs, for
 *       {@code W [300][784]} and {@code [1024][1024]};</li>
 *   <li>{@code conv}: LeNet-5's conv2 (20 -> 50, 5x5 on 12x12), direct sparse convolution (the input gradient with
 *       the dilated gradient built) against the dense direct convolution.</li>
 * </ul>
 * Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar CrossoverBenchmark
 * -f 1 -wi 3 -w 1s -i 5 -r 1s}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseTransparentHugePages", "-XX:ObjectAlignmentInBytes=64"})
public class CrossoverBenchmark {

    /** A linear layer's weight, activations and gradients; dense kernels at density 1.0. */
    @State(Scope.Thread)
    public static class LinearLayer extends LinearOperands {
        @Param({"300x784", "1024x1024"})
        public String shape;
        @Param({"1.0", "0.1", "0.2", "0.3", "0.4", "0.5"})
        public double density;

        @Setup(Level.Trial)
        public void setUp() { build(shape, density); }
    }

    /** LeNet-5 conv2 with its activations and gradients; dense kernels at density 1.0. */
    @State(Scope.Thread)
    public static class ConvLayer extends ConvOperands {
        @Param({"1.0", "0.1", "0.2", "0.3", "0.4", "0.5"})
        public double density;

        @Setup(Level.Trial)
        public void setUp() { build(density); }
    }

    @Benchmark
    public float[] linear(LinearLayer s) {
        int m = s.m, k = s.k;
        if (s.dense) {
            SimdGemm.gemm(false, false, m, BATCH, k, 1f, s.wDense, 0, k, s.x, P, BATCH, 0f, s.y, P, BATCH);
            SimdGemm.gemm(true, false, k, BATCH, m, 1f, s.wDense, 0, k, s.dy, P, BATCH, 0f, s.dx, P, BATCH);
            SimdGemm.gemm(false, true, m, k, BATCH, 1f, s.dy, P, BATCH, s.x, P, BATCH, 0f, s.dwDense, 0, k);
            return s.dwDense;
        }
        SparseKernels.SIMD.spmm(s.w, s.x, P, BATCH, 0f, s.y, P, 0, m);
        s.w.refreshTransposedValues();
        SparseKernels.SIMD.spmmTransposed(s.w, s.dy, P, BATCH, s.dx, P, 0, k);
        SparseKernels.SIMD.sddmm(s.w, s.dy, P, s.x, P, BATCH, s.dwSparse, 0, 0, m);
        return s.dwSparse;
    }

    @Benchmark
    public float[] conv(ConvLayer s) {
        ConvGeometry g = s.g;
        if (s.dense) {
            ConvKernels.forward(g, s.x, P, s.wDense, 0, s.y, P, 0, g.outC());
            ConvKernels.backwardInput(g, s.gy, P, s.wDense, 0, s.gx, P, 0, g.inC());
            ConvKernels.backwardWeight(g, s.x, P, s.gy, P, s.gwDense, 0, 0, g.outC());
            return s.gwDense;
        }
        SparseKernels.SIMD.convForward(g, s.w, s.x, P, s.y, P, 0, g.outC());
        s.w.refreshTransposedValues();
        SparseConvLayout.dilateGradient(g, s.gy, P, s.dilated, P, 0, g.outC());
        SparseKernels.SIMD.convBackwardInput(g, s.w, s.dilated, P, s.gx, P, 0, g.inC());
        SparseKernels.SIMD.convBackwardWeight(g, s.w, s.x, P, s.gy, P, s.gwSparse, 0, 0, g.outC());
        return s.gwSparse;
    }
}
