package org.sparsetrain.kernels.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.assertClose;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.assertGuards;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.guarded;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.random;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.slice;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.tensor.Tensor;

/** {@link ConvKernels} against its scalar twin and the reference backend, and range splits against whole calls. */
class ConvKernelsTest {

    /** Batch sizes around the vector width (16) and the 4-vector tile (64), and a training batch. */
    private static final int[] BATCHES = {1, 15, 16, 17, 33, 128};

    static Stream<ConvGeometry> geometries() {
        List<ConvGeometry> gs = new ArrayList<>();
        // Output channels 9 = two 4-row tiles and a tail; odd spatial sizes; every batch size.
        for (int n : BATCHES) gs.add(new ConvGeometry(n, 5, 7, 6, 9, 3, 3, 1, 1, 1, 1, 1));
        for (int n : new int[] {17, 70}) {
            gs.add(new ConvGeometry(n, 3, 9, 7, 8, 3, 3, 2, 2, 0, 0, 1));   // stride 2, no padding
            gs.add(new ConvGeometry(n, 4, 7, 7, 5, 5, 5, 2, 1, 2, 2, 1));   // 5x5, mixed strides, padding 2
            gs.add(new ConvGeometry(n, 6, 5, 6, 10, 3, 3, 1, 1, 1, 1, 2));  // groups 2: 3 in, 5 out per group
            gs.add(new ConvGeometry(n, 8, 6, 5, 8, 3, 3, 1, 1, 1, 1, 8));   // depthwise
            gs.add(new ConvGeometry(n, 12, 5, 5, 8, 3, 2, 1, 2, 1, 0, 2));  // 3x2 kernel, 6 in / 4 out per group
            gs.add(new ConvGeometry(n, 1, 8, 8, 6, 5, 5, 1, 1, 0, 0, 1));   // one input channel (a first layer)
            gs.add(new ConvGeometry(n, 5, 4, 3, 4, 1, 1, 1, 1, 1, 1, 1));   // 1x1 with padding: all-zero border outputs
        }
        // Weight gradient cut into several row bands (ConvKernels.BAND_FLOATS), with a partial last band, with and
        // without batch tails, on the contiguous-run path (stride 1) and position by position (stride 2).
        for (int n : new int[] {33, 64}) {
            gs.add(new ConvGeometry(n, 6, 16, 16, 9, 3, 3, 1, 1, 1, 1, 1));
            gs.add(new ConvGeometry(n, 5, 29, 30, 8, 3, 3, 2, 2, 1, 1, 1));
        }
        // Fewer than four input channels: the weight gradient runs groups of four taps as 4 x 4 blocks where their
        // positions coincide (ConvKernels.tapGroups). Every tap grouped (6 groups and one single of 25, over several
        // bands; 9 taps with 5 output channels, one of them outside a 4-channel tile), position by position (stride 2),
        // and padded, where only the inner taps of a row share their positions.
        for (int n : new int[] {17, 64}) {
            gs.add(new ConvGeometry(n, 1, 14, 13, 8, 5, 5, 1, 1, 0, 0, 1));
            gs.add(new ConvGeometry(n, 3, 9, 9, 5, 3, 3, 1, 1, 0, 0, 1));
            gs.add(new ConvGeometry(n, 1, 12, 12, 4, 5, 5, 2, 2, 0, 0, 1));
            gs.add(new ConvGeometry(n, 2, 9, 11, 4, 3, 7, 2, 1, 1, 1, 1));
        }
        return gs.stream();
    }

    private record Data(ConvGeometry g, int off, float[] x, float[] w, float[] gy) {
        static Data of(ConvGeometry g, long seed) {
            Random rnd = new Random(seed);
            int off = 3 + (int) (seed % 5);
            return new Data(g, off, random(rnd, off, (int) g.inputSize()), random(rnd, off + 1, (int) g.weightSize()),
                    random(rnd, off + 2, (int) g.outputSize()));
        }

        Tensor xt() { return Tensor.view(x, off, g.inC(), g.inH(), g.inW(), g.batch()); }
        Tensor wt() { return Tensor.view(w, off + 1, g.outC(), g.inCPerGroup(), g.kH(), g.kW()); }
        Tensor gyt() { return Tensor.view(gy, off + 2, g.outC(), g.outH(), g.outW(), g.batch()); }
    }

    /** A kernel run over a channel range, writing into {@code out} at offset {@code outOff}. */
    private interface Run {
        void apply(Data d, float[] out, int outOff, int from, int to);
    }

    /** Runs the kernel whole and split in two, and checks guards, the split and the agreement with {@code want}. */
    private static void check(String what, Data d, int size, int channels, Run simd, Run scalar, float[] want,
                              double tol) {
        int outOff = 4;
        float[] whole = guarded(outOff, size), split = guarded(outOff, size), sc = guarded(outOff, size);
        simd.apply(d, whole, outOff, 0, channels);
        int k = Math.min(channels, channels / 2 + 1); // cuts through a 4-channel tile
        simd.apply(d, split, outOff, k, channels);
        simd.apply(d, split, outOff, 0, k);
        scalar.apply(d, sc, outOff, 0, channels);
        assertGuards(what + " simd", whole, outOff, size);
        assertGuards(what + " scalar", sc, outOff, size);
        assertArrayEquals(whole, split, what + ": a range split must give bit-identical results");
        assertClose(what + " simd vs reference " + d.g, want, slice(whole, outOff, size), tol);
        assertClose(what + " scalar vs reference " + d.g, want, slice(sc, outOff, size), tol);
    }

    /** Float error of a sum of {@code terms} products of values in [-1, 1]. */
    private static double tolerance(long terms) {
        return 4e-6 * Math.sqrt(terms);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardMatchesReference(ConvGeometry g) {
        Data d = Data.of(g, g.batch() * 31L + g.inC());
        Tensor y = Tensor.zeros(g.outC(), g.outH(), g.outW(), g.batch());
        Backends.reference().conv2dForward(g, d.xt(), d.wt(), y);
        check("forward", d, (int) g.outputSize(), g.outC(),
                (dd, out, o, a, b) -> ConvKernels.forward(g, dd.x, dd.off, dd.w, dd.off + 1, out, o, a, b),
                (dd, out, o, a, b) -> ScalarConvKernels.forward(g, dd.x, dd.off, dd.w, dd.off + 1, out, o, a, b),
                y.toFloatArray(), tolerance((long) g.inCPerGroup() * g.kH() * g.kW()));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void backwardInputMatchesReference(ConvGeometry g) {
        Data d = Data.of(g, g.batch() * 37L + g.outC());
        Tensor gx = Tensor.zeros(g.inC(), g.inH(), g.inW(), g.batch());
        Backends.reference().conv2dBackwardInput(g, d.gyt(), d.wt(), gx);
        check("backwardInput", d, (int) g.inputSize(), g.inC(),
                (dd, out, o, a, b) -> ConvKernels.backwardInput(g, dd.gy, dd.off + 2, dd.w, dd.off + 1, out, o, a, b),
                (dd, out, o, a, b) -> ScalarConvKernels.backwardInput(g, dd.gy, dd.off + 2, dd.w, dd.off + 1, out, o, a, b),
                gx.toFloatArray(), tolerance((long) g.outCPerGroup() * g.kH() * g.kW()));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void backwardWeightMatchesReference(ConvGeometry g) {
        Data d = Data.of(g, g.batch() * 41L + g.kH());
        Tensor gw = Tensor.zeros(g.outC(), g.inCPerGroup(), g.kH(), g.kW());
        Backends.reference().conv2dBackwardWeight(g, d.xt(), d.gyt(), gw);
        check("backwardWeight", d, (int) g.weightSize(), g.outC(),
                (dd, out, o, a, b) -> ConvKernels.backwardWeight(g, dd.x, dd.off, dd.gy, dd.off + 2, out, o, a, b),
                (dd, out, o, a, b) -> ScalarConvKernels.backwardWeight(g, dd.x, dd.off, dd.gy, dd.off + 2, out, o, a, b),
                gw.toFloatArray(), tolerance((long) g.outH() * g.outW() * g.batch()));
    }

    @Test
    void rejectsRangesAndSlicesOutsideTheArrays() {
        ConvGeometry g = new ConvGeometry(2, 2, 4, 4, 3, 3, 3, 1, 1, 1, 1, 1);
        float[] x = new float[(int) g.inputSize()], w = new float[(int) g.weightSize()];
        float[] y = new float[(int) g.outputSize()];
        assertThrows(IllegalArgumentException.class, () -> ConvKernels.forward(g, x, 0, w, 0, y, 0, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> ConvKernels.forward(g, x, 1, w, 0, y, 0, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> ConvKernels.backwardInput(g, y, 0, w, 0, x, 0, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> ScalarConvKernels.backwardWeight(g, x, 0, y, 0, w, 1, 0, 3));
    }
}
