package org.sparsetrain.bench.kernels;

import java.util.Random;
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
import org.openjdk.jmh.infra.Blackhole;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.kernels.cpu.simd.ConvKernels;
import org.sparsetrain.kernels.cpu.simd.ScalarConvKernels;

/**
 * Dense convolution kernels, one thread, batch 128 on {@code [C][H][W][N]} activations: forward, input gradient and
 * weight gradient, the SIMD kernels side by side with their scalar twins.
 *
 * <p>Shapes: {@code c32x64} is a 32 -> 64 channel 3x3 convolution, stride 1, padding 1, on 14x14 (462 M multiply-adds);
 * {@code lenet2} is LeNet-5's second convolution, 20 -> 50 channels 5x5 on 12x12 (205 M multiply-adds). GFLOP/s =
 * 2 * multiply-adds / time: {@code 925 / ms} for c32x64 and {@code 410 / ms} for lenet2. {@code lenet1} is LeNet-5's first
 * convolution, 1 -> 20 channels 5x5 on 28x28 (36.9 M multiply-adds, {@code 73.7 / ms}): one input channel, so its weight
 * gradient runs the tap-grouped tiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseTransparentHugePages", "-XX:ObjectAlignmentInBytes=64"})
public class ConvKernelBenchmark {

    @Param({"c32x64", "lenet1", "lenet2"})
    public String shape;

    @Param({"simd", "scalar"})
    public String impl;

    private ConvGeometry g;
    private float[] x, w, y, gy, gx, gw;
    private boolean simd;

    @Setup
    public void setup() {
        g = switch (shape) {
            case "c32x64" -> new ConvGeometry(128, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1);
            case "lenet1" -> new ConvGeometry(128, 1, 28, 28, 20, 5, 5, 1, 1, 0, 0, 1); // a first layer: 1 channel
            case "lenet2" -> new ConvGeometry(128, 20, 12, 12, 50, 5, 5, 1, 1, 0, 0, 1);
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
        simd = switch (impl) {
            case "simd" -> true;
            case "scalar" -> false;
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
        Random rnd = new Random(42);
        x = filled(rnd, g.inputSize());
        w = filled(rnd, g.weightSize());
        gy = filled(rnd, g.outputSize());
        y = new float[(int) g.outputSize()];
        gx = new float[(int) g.inputSize()];
        gw = new float[(int) g.weightSize()];
    }

    private static float[] filled(Random rnd, long size) {
        float[] a = new float[(int) size];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() * 2 - 1;
        return a;
    }

    @Benchmark
    public void forward(Blackhole bh) {
        if (simd) ConvKernels.forward(g, x, 0, w, 0, y, 0, 0, g.outC());
        else ScalarConvKernels.forward(g, x, 0, w, 0, y, 0, 0, g.outC());
        bh.consume(y);
    }

    @Benchmark
    public void backwardInput(Blackhole bh) {
        if (simd) ConvKernels.backwardInput(g, gy, 0, w, 0, gx, 0, 0, g.inC());
        else ScalarConvKernels.backwardInput(g, gy, 0, w, 0, gx, 0, 0, g.inC());
        bh.consume(gx);
    }

    @Benchmark
    public void backwardWeight(Blackhole bh) {
        if (simd) ConvKernels.backwardWeight(g, x, 0, gy, 0, gw, 0, 0, g.outC());
        else ScalarConvKernels.backwardWeight(g, x, 0, gy, 0, gw, 0, 0, g.outC());
        bh.consume(gw);
    }
}
