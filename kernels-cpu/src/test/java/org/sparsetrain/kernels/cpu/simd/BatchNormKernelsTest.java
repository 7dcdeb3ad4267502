package org.sparsetrain.kernels.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.assertClose;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.assertGuards;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.guarded;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.random;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.slice;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.Tensor;

/** {@link BatchNormKernels} against its scalar twin and the reference backend, and channel splits. */
class BatchNormKernelsTest {
    private static final int OFF = 3;

    /** Per-channel data with a large common offset, which a float accumulator would not resolve. */
    private record Data(int c, int m, float[] x, float[] gy, float[] mean, float[] invStd, float[] gamma, float[] beta) {
        static Data of(int c, int m, long seed) {
            Random rnd = new Random(seed);
            float[] x = random(rnd, OFF, c * m);
            for (int i = 0; i < c * m; i++) x[OFF + i] = 100f + 3f * x[OFF + i];
            float[] mean = random(rnd, 1, c), invStd = random(rnd, 2, c);
            for (int i = 0; i < c; i++) {
                mean[1 + i] = 100f + mean[1 + i];
                invStd[2 + i] = 0.3f + Math.abs(invStd[2 + i]);
            }
            return new Data(c, m, x, random(rnd, OFF, c * m), mean, invStd, random(rnd, 4, c), random(rnd, 5, c));
        }

        Tensor t(float[] a, int off, int... dims) { return Tensor.view(a, off, dims); }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "3,7", "2,15", "3,16", "2,17", "3,33", "5,128", "2,1021", "3,1539"})
    void meanVarMatchesReference(int c, int m) {
        Data d = Data.of(c, m, c * 100L + m);
        Tensor mean = Tensor.zeros(c), var = Tensor.zeros(c);
        Backends.reference().channelMeanVar(d.t(d.x, OFF, c, m), mean, var);
        float[][] simd = new float[2][], split = new float[2][], scalar = new float[2][];
        for (int run = 0; run < 3; run++) {
            float[] mu = guarded(2, c), var2 = guarded(1, c);
            if (run == 0) BatchNormKernels.meanVar(d.x, OFF, c, m, mu, 2, var2, 1, 0, c);
            if (run == 1) {
                BatchNormKernels.meanVar(d.x, OFF, c, m, mu, 2, var2, 1, c / 2, c);
                BatchNormKernels.meanVar(d.x, OFF, c, m, mu, 2, var2, 1, 0, c / 2);
            }
            if (run == 2) ScalarBatchNormKernels.meanVar(d.x, OFF, c, m, mu, 2, var2, 1, 0, c);
            assertGuards("mean", mu, 2, c);
            assertGuards("var", var2, 1, c);
            float[][] r = {slice(mu, 2, c), slice(var2, 1, c)};
            if (run == 0) simd = r; else if (run == 1) split = r; else scalar = r;
        }
        assertArrayEquals(simd[0], split[0]);
        assertArrayEquals(simd[1], split[1]);
        // Accumulated in double and rounded once: within a float ulp or two of the double-precision oracle.
        assertClose("mean simd", mean.toFloatArray(), simd[0], 2e-7);
        assertClose("var simd", var.toFloatArray(), simd[1], 1e-6);
        assertClose("mean scalar", mean.toFloatArray(), scalar[0], 2e-7);
        assertClose("var scalar", var.toFloatArray(), scalar[1], 1e-6);
    }

    @ParameterizedTest
    @CsvSource({"1,1,true", "3,15,true", "2,16,false", "3,17,true", "4,33,false", "3,128,true", "2,1021,true"})
    void applyMatchesReference(int c, int m, boolean affine) {
        Data d = Data.of(c, m, c * 7L + m);
        float[] gamma = affine ? d.gamma : null, beta = affine ? d.beta : null;
        Tensor y = Tensor.zeros(c, m);
        Backends.reference().batchNormApply(d.t(d.x, OFF, c, m), d.t(d.mean, 1, c), d.t(d.invStd, 2, c),
                affine ? d.t(gamma, 4, c) : null, affine ? d.t(beta, 5, c) : null, y);
        float[] whole = guarded(1, c * m), split = guarded(1, c * m), sc = guarded(1, c * m);
        BatchNormKernels.apply(d.x, OFF, c, m, d.mean, 1, d.invStd, 2, gamma, 4, beta, 5, whole, 1, 0, c);
        BatchNormKernels.apply(d.x, OFF, c, m, d.mean, 1, d.invStd, 2, gamma, 4, beta, 5, split, 1, 1, c);
        BatchNormKernels.apply(d.x, OFF, c, m, d.mean, 1, d.invStd, 2, gamma, 4, beta, 5, split, 1, 0, 1);
        ScalarBatchNormKernels.apply(d.x, OFF, c, m, d.mean, 1, d.invStd, 2, gamma, 4, beta, 5, sc, 1, 0, c);
        assertGuards("apply", whole, 1, c * m);
        assertArrayEquals(whole, split);
        assertClose("apply simd", y.toFloatArray(), slice(whole, 1, c * m), 1e-6);
        assertClose("apply scalar", y.toFloatArray(), slice(sc, 1, c * m), 1e-6);
    }

    @ParameterizedTest
    @CsvSource({"1,1,true", "3,15,true", "2,16,false", "3,17,true", "4,33,false", "3,128,true", "2,1021,false"})
    void backwardMatchesReference(int c, int m, boolean affine) {
        Data d = Data.of(c, m, c * 13L + m);
        // Statistics of the batch itself, as in training, so the three terms of gx nearly cancel.
        for (int ch = 0; ch < c; ch++) {
            double s = 0, q = 0;
            for (int j = 0; j < m; j++) s += d.x[OFF + ch * m + j];
            for (int j = 0; j < m; j++) q += Math.pow(d.x[OFF + ch * m + j] - s / m, 2);
            d.mean[1 + ch] = (float) (s / m);
            d.invStd[2 + ch] = (float) (1 / Math.sqrt(q / m + 1e-5));
        }
        float[] gamma = affine ? d.gamma : null;
        Tensor gx = Tensor.zeros(c, m), gg = Tensor.zeros(c), gb = Tensor.zeros(c);
        Backends.reference().batchNormBackward(d.t(d.x, OFF, c, m), d.t(d.gy, OFF, c, m), d.t(d.mean, 1, c),
                d.t(d.invStd, 2, c), affine ? d.t(gamma, 4, c) : null, gx, gg, gb);
        float[][] outs = new float[3][];
        float[][][] all = new float[3][][];
        for (int run = 0; run < 3; run++) {
            float[] o = guarded(2, c * m), ggo = guarded(1, c), gbo = guarded(0, c);
            if (run == 0) {
                BatchNormKernels.backward(d.x, OFF, d.gy, OFF, c, m, d.mean, 1, d.invStd, 2, gamma, 4, o, 2, ggo, 1,
                        gbo, 0, 0, c);
            } else if (run == 1) {
                BatchNormKernels.backward(d.x, OFF, d.gy, OFF, c, m, d.mean, 1, d.invStd, 2, gamma, 4, o, 2, ggo, 1,
                        gbo, 0, c / 2, c);
                BatchNormKernels.backward(d.x, OFF, d.gy, OFF, c, m, d.mean, 1, d.invStd, 2, gamma, 4, o, 2, ggo, 1,
                        gbo, 0, 0, c / 2);
            } else {
                ScalarBatchNormKernels.backward(d.x, OFF, d.gy, OFF, c, m, d.mean, 1, d.invStd, 2, gamma, 4, o, 2,
                        ggo, 1, gbo, 0, 0, c);
            }
            assertGuards("gx", o, 2, c * m);
            assertGuards("ggamma", ggo, 1, c);
            assertGuards("gbeta", gbo, 0, c);
            all[run] = new float[][] {slice(o, 2, c * m), slice(ggo, 1, c), slice(gbo, 0, c)};
        }
        for (int k = 0; k < 3; k++) assertArrayEquals(all[0][k], all[1][k], "channel split");
        outs[0] = gx.toFloatArray();
        outs[1] = gg.toFloatArray();
        outs[2] = gb.toFloatArray();
        for (int run : new int[] {0, 2}) {
            // gx scale: its terms are about |gamma * invStd * gy| before they cancel.
            assertClose("gx", outs[0], all[run][0], 2e-6 * 30);
            assertClose("ggamma", outs[1], all[run][1], 1e-6);
            assertClose("gbeta", outs[2], all[run][2], 1e-6);
        }
    }

    @Test
    void rejectsBadRanges() {
        float[] x = new float[12], s = new float[3];
        assertThrows(IllegalArgumentException.class, () -> BatchNormKernels.meanVar(x, 0, 3, 4, s, 0, s, 0, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> BatchNormKernels.meanVar(x, 1, 3, 4, s, 0, s, 0, 0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> BatchNormKernels.apply(x, 0, 3, 4, s, 0, s, 0, null, 0, s, 1, x, 0, 0, 3));
    }
}
