package org.sparsetrain.kernels.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.tensor.Tensor;

/** {@link PoolKernels} against its scalar twin and the reference backend, and range splits against whole calls. */
class PoolKernelsTest {
    private static final int OFF = 3;

    static Stream<PoolGeometry> geometries() {
        List<PoolGeometry> gs = new ArrayList<>();
        for (int n : new int[] {1, 15, 16, 17, 33, 128}) gs.add(new PoolGeometry(n, 3, 8, 8, 2, 2, 2, 2, 0, 0));
        for (int n : new int[] {17, 40}) {
            gs.add(new PoolGeometry(n, 3, 7, 9, 3, 3, 2, 2, 1, 1));   // overlapping windows, padding
            gs.add(new PoolGeometry(n, 2, 5, 5, 3, 3, 1, 1, 1, 1));   // stride 1: each cell in up to 9 windows
            gs.add(new PoolGeometry(n, 2, 7, 6, 2, 3, 1, 2, 1, 1));   // non-square window and strides
            gs.add(new PoolGeometry(n, 3, 7, 7, 2, 2, 2, 2, 0, 0));   // odd size: last row/column never pooled
        }
        return gs.stream();
    }

    private static int inSize(PoolGeometry g) { return g.channels() * g.inH() * g.inW() * g.batch(); }
    private static int outSize(PoolGeometry g) { return g.channels() * g.outH() * g.outW() * g.batch(); }
    private static Tensor in(PoolGeometry g, float[] a) { return Tensor.view(a, OFF, g.channels(), g.inH(), g.inW(), g.batch()); }
    private static Tensor out(PoolGeometry g, float[] a) { return Tensor.view(a, OFF, g.channels(), g.outH(), g.outW(), g.batch()); }

    /** A kernel over channels {@code [from, to)} writing {@code out} (and possibly {@code argmax}). */
    private interface Run {
        void apply(float[] out, int[] argmax, int from, int to);
    }

    /** Whole call, split call and scalar twin; returns {simd, scalar} slices after the common checks. */
    private static float[][] runAll(String what, PoolGeometry g, int size, Run simd, Run scalar) {
        int outOff = 2, am = outSize(g);
        float[] whole = guarded(outOff, size), split = guarded(outOff, size), sc = guarded(outOff, size);
        int[] a1 = new int[am], a2 = new int[am], a3 = new int[am];
        simd.apply(whole, a1, 0, g.channels());
        int k = g.channels() / 2 + 1;
        simd.apply(split, a2, k, g.channels());
        simd.apply(split, a2, 0, k);
        scalar.apply(sc, a3, 0, g.channels());
        assertGuards(what + " simd", whole, outOff, size);
        assertGuards(what + " scalar", sc, outOff, size);
        assertArrayEquals(whole, split, what + ": a channel split must give bit-identical results");
        assertArrayEquals(a1, a2, what + ": argmax of a channel split");
        assertArrayEquals(a3, a1, what + ": argmax of simd vs scalar");
        return new float[][] {slice(whole, outOff, size), slice(sc, outOff, size)};
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void maxForwardAndBackwardMatchReference(PoolGeometry g) {
        Random rnd = new Random(g.batch() * 7L + g.kH());
        // Few distinct values, so windows hold ties and the first-maximum rule is exercised.
        float[] x = random(rnd, OFF, inSize(g));
        for (int i = 0; i < inSize(g); i++) x[OFF + i] = rnd.nextInt(4) - 1.5f;
        float[] gy = random(rnd, OFF, outSize(g));
        Tensor y = Tensor.zeros(g.channels(), g.outH(), g.outW(), g.batch());
        int[] argmax = new int[outSize(g)];
        Backends.reference().maxPool2dForward(g, in(g, x), y, argmax);
        float[][] r = runAll("maxForward", g, outSize(g),
                (o, a, from, to) -> PoolKernels.maxForward(g, x, OFF, o, 2, a, from, to),
                (o, a, from, to) -> ScalarPoolKernels.maxForward(g, x, OFF, o, 2, a, from, to));
        assertArrayEquals(y.toFloatArray(), r[0], "maxForward values");
        int[] simdArgmax = new int[outSize(g)];
        // stale contents, as in a recycled array (engine SavedIndexArrays): every entry must be written
        java.util.Arrays.fill(simdArgmax, -7);
        PoolKernels.maxForward(g, x, OFF, new float[outSize(g)], 0, simdArgmax, 0, g.channels());
        assertArrayEquals(argmax, simdArgmax, "maxForward argmax: the first maximum in window order wins");

        Tensor gx = Tensor.zeros(g.channels(), g.inH(), g.inW(), g.batch());
        Backends.reference().maxPool2dBackward(g, out(g, gy), argmax, gx);
        float[][] b = runAll("maxBackward", g, inSize(g),
                (o, a, from, to) -> PoolKernels.maxBackward(g, gy, OFF, argmax, o, 2, from, to),
                (o, a, from, to) -> ScalarPoolKernels.maxBackward(g, gy, OFF, argmax, o, 2, from, to));
        assertClose("maxBackward simd", gx.toFloatArray(), b[0], 1e-6);
        assertClose("maxBackward scalar", gx.toFloatArray(), b[1], 1e-6);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void avgForwardAndBackwardMatchReference(PoolGeometry g) {
        Random rnd = new Random(g.batch() * 11L + g.kW());
        float[] x = random(rnd, OFF, inSize(g)), gy = random(rnd, OFF, outSize(g));
        Tensor y = Tensor.zeros(g.channels(), g.outH(), g.outW(), g.batch());
        Backends.reference().avgPool2dForward(g, in(g, x), y);
        float[][] f = runAll("avgForward", g, outSize(g),
                (o, a, from, to) -> PoolKernels.avgForward(g, x, OFF, o, 2, from, to),
                (o, a, from, to) -> ScalarPoolKernels.avgForward(g, x, OFF, o, 2, from, to));
        assertClose("avgForward simd", y.toFloatArray(), f[0], 1e-6);
        assertClose("avgForward scalar", y.toFloatArray(), f[1], 1e-6);

        Tensor gx = Tensor.zeros(g.channels(), g.inH(), g.inW(), g.batch());
        Backends.reference().avgPool2dBackward(g, out(g, gy), gx);
        float[][] b = runAll("avgBackward", g, inSize(g),
                (o, a, from, to) -> PoolKernels.avgBackward(g, gy, OFF, o, 2, from, to),
                (o, a, from, to) -> ScalarPoolKernels.avgBackward(g, gy, OFF, o, 2, from, to));
        assertClose("avgBackward simd", gx.toFloatArray(), b[0], 1e-6);
        assertClose("avgBackward scalar", gx.toFloatArray(), b[1], 1e-6);
    }

    @Test
    void nanWinsItsWindowAndTheFirstNanIsChosen() {
        PoolGeometry g = new PoolGeometry(19, 2, 6, 6, 3, 3, 2, 2, 1, 1);
        Random rnd = new Random(5);
        float[] x = random(rnd, OFF, inSize(g));
        for (int i = 0; i < inSize(g); i += 7) x[OFF + i] = Float.NaN;
        float[] y = new float[outSize(g)], ys = new float[outSize(g)];
        int[] a = new int[outSize(g)], as = new int[outSize(g)];
        PoolKernels.maxForward(g, x, OFF, y, 0, a, 0, g.channels());
        ScalarPoolKernels.maxForward(g, x, OFF, ys, 0, as, 0, g.channels());
        Tensor ref = Tensor.zeros(g.channels(), g.outH(), g.outW(), g.batch());
        Backends.reference().maxPool2dForward(g, in(g, x), ref, new int[outSize(g)]);
        float[] r = ref.toFloatArray();
        int nans = 0;
        for (int o = 0; o < y.length; o++) {
            assertEquals(Float.isNaN(r[o]), Float.isNaN(y[o]), "NaN propagates to output " + o);
            if (Float.isNaN(y[o])) {
                nans++;
                assertTrue(Float.isNaN(x[OFF + a[o]]), "argmax of a NaN output points at a NaN");
            }
        }
        assertTrue(nans > 0, "the test must contain NaN windows");
        assertArrayEquals(as, a, "simd and scalar pick the same (first) NaN");
        assertArrayEquals(ys, y);
    }

    @Test
    void rejectsBadRangesAndShortArgmax() {
        PoolGeometry g = new PoolGeometry(2, 2, 4, 4, 2, 2, 2, 2, 0, 0);
        float[] x = new float[64], y = new float[16];
        assertThrows(IllegalArgumentException.class, () -> PoolKernels.maxForward(g, x, 0, y, 0, new int[15], 0, 2));
        assertThrows(IllegalArgumentException.class, () -> PoolKernels.avgForward(g, x, 0, y, 0, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> PoolKernels.avgBackward(g, y, 0, x, 1, 0, 2));
    }
}
