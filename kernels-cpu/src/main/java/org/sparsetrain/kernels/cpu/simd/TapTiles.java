package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register tiles of a direct convolution on batch-innermost activations: one output position of 1 or 4 rows
 * (output channels for the forward pass, input channels for the input gradient) is the sum over a list of taps
 * {@code t} of {@code w[wBase + wIdx[t] + r * wRowStride] * src[srcBase + srcOffs[t] + n]}, for a block of batch
 * lanes {@code n}. Each tap is a fixed offset into the source, so padding is handled by leaving taps out and
 * there is no im2col buffer (performance-notes section 3.5).
 *
 * <p>The 4-row tile keeps 4 rows x 4 vectors = 16 accumulators in registers (pitfall P8: no more than 16-20):
 * per tap 4 vector loads and 4 broadcasts feed 16 FMAs. Results are stored once per position, never
 * read-modify-written (pitfall P9).
 */
final class TapTiles {
    static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    static final int L = SP.length();
    /** Batch lanes covered by one full tile: 4 vectors. */
    static final int BLOCK = 4 * L;

    private TapTiles() {}

    /**
     * Four rows over the whole batch {@code [0, n)}: 4-vector blocks, then single vectors with a tail mask. Row r's
     * outputs get {@code bias[bOff + r]} added as they are stored ({@code bias == null}: nothing added), the same
     * bits as a separate bias pass over the stored sums.
     */
    static void rows4(float[] src, int srcBase, int[] srcOffs, float[] w, int wBase, int[] wIdx, int taps,
                      int wRowStride, float[] bias, int bOff, float[] dst, int dstBase, int dstRowStride, int n) {
        int nb = 0;
        for (; nb + BLOCK <= n; nb += BLOCK) {
            rows4Block(src, srcBase + nb, srcOffs, w, wBase, wIdx, taps, wRowStride, bias, bOff, dst, dstBase + nb,
                    dstRowStride);
        }
        for (; nb < n; nb += L) {
            rows4Vector(src, srcBase + nb, srcOffs, w, wBase, wIdx, taps, wRowStride, bias, bOff, dst, dstBase + nb,
                    dstRowStride, SP.indexInRange(nb, n));
        }
    }

    /** One row over the whole batch {@code [0, n)}, {@code bias[bOff]} added as in {@link #rows4}. */
    static void rows1(float[] src, int srcBase, int[] srcOffs, float[] w, int wBase, int[] wIdx, int taps,
                      float[] bias, int bOff, float[] dst, int dstBase, int n) {
        int nb = 0;
        for (; nb + BLOCK <= n; nb += BLOCK) {
            rows1Block(src, srcBase + nb, srcOffs, w, wBase, wIdx, taps, bias, bOff, dst, dstBase + nb);
        }
        for (; nb < n; nb += L) {
            rows1Vector(src, srcBase + nb, srcOffs, w, wBase, wIdx, taps, bias, bOff, dst, dstBase + nb,
                    SP.indexInRange(nb, n));
        }
    }


    private static void rows4Block(float[] src, int srcBase, int[] srcOffs, float[] w, int wBase, int[] wIdx,
                                   int taps, int ws, float[] bias, int bOff, float[] dst, int dstBase, int ds) {
        FloatVector a00 = FloatVector.zero(SP), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int t = 0; t < taps; t++) {
            int s = srcBase + srcOffs[t];
            int wi = wBase + wIdx[t];
            FloatVector x0 = FloatVector.fromArray(SP, src, s);
            FloatVector x1 = FloatVector.fromArray(SP, src, s + L);
            FloatVector x2 = FloatVector.fromArray(SP, src, s + 2 * L);
            FloatVector x3 = FloatVector.fromArray(SP, src, s + 3 * L);
            FloatVector w0 = FloatVector.broadcast(SP, w[wi]);
            a00 = x0.fma(w0, a00); a01 = x1.fma(w0, a01); a02 = x2.fma(w0, a02); a03 = x3.fma(w0, a03);
            FloatVector w1 = FloatVector.broadcast(SP, w[wi + ws]);
            a10 = x0.fma(w1, a10); a11 = x1.fma(w1, a11); a12 = x2.fma(w1, a12); a13 = x3.fma(w1, a13);
            FloatVector w2 = FloatVector.broadcast(SP, w[wi + 2 * ws]);
            a20 = x0.fma(w2, a20); a21 = x1.fma(w2, a21); a22 = x2.fma(w2, a22); a23 = x3.fma(w2, a23);
            FloatVector w3 = FloatVector.broadcast(SP, w[wi + 3 * ws]);
            a30 = x0.fma(w3, a30); a31 = x1.fma(w3, a31); a32 = x2.fma(w3, a32); a33 = x3.fma(w3, a33);
        }
        // the bias (lane-wise adds, as SimdRows.addRowBias) written out in both branches: vectors passed to a helper
        // or chosen by a conditional expression got boxed (the step ran 2x slower)
        int d = dstBase;
        if (bias != null) {
            float b0 = bias[bOff], b1 = bias[bOff + 1], b2 = bias[bOff + 2], b3 = bias[bOff + 3];
            a00 = a00.add(b0); a01 = a01.add(b0); a02 = a02.add(b0); a03 = a03.add(b0);
            a10 = a10.add(b1); a11 = a11.add(b1); a12 = a12.add(b1); a13 = a13.add(b1);
            a20 = a20.add(b2); a21 = a21.add(b2); a22 = a22.add(b2); a23 = a23.add(b2);
            a30 = a30.add(b3); a31 = a31.add(b3); a32 = a32.add(b3); a33 = a33.add(b3);
        }
        a00.intoArray(dst, d); a01.intoArray(dst, d + L); a02.intoArray(dst, d + 2 * L); a03.intoArray(dst, d + 3 * L);
        d += ds;
        a10.intoArray(dst, d); a11.intoArray(dst, d + L); a12.intoArray(dst, d + 2 * L); a13.intoArray(dst, d + 3 * L);
        d += ds;
        a20.intoArray(dst, d); a21.intoArray(dst, d + L); a22.intoArray(dst, d + 2 * L); a23.intoArray(dst, d + 3 * L);
        d += ds;
        a30.intoArray(dst, d); a31.intoArray(dst, d + L); a32.intoArray(dst, d + 2 * L); a33.intoArray(dst, d + 3 * L);
    }

    /** Batch remainder: one (possibly partial) vector per row; the mask is loop-invariant (pitfall P6). */
    private static void rows4Vector(float[] src, int srcBase, int[] srcOffs, float[] w, int wBase, int[] wIdx,
                                    int taps, int ws, float[] bias, int bOff, float[] dst, int dstBase, int ds,
                                    VectorMask<Float> m) {
        FloatVector a0 = FloatVector.zero(SP), a1 = a0, a2 = a0, a3 = a0;
        for (int t = 0; t < taps; t++) {
            FloatVector x = FloatVector.fromArray(SP, src, srcBase + srcOffs[t], m);
            int wi = wBase + wIdx[t];
            a0 = x.fma(FloatVector.broadcast(SP, w[wi]), a0);
            a1 = x.fma(FloatVector.broadcast(SP, w[wi + ws]), a1);
            a2 = x.fma(FloatVector.broadcast(SP, w[wi + 2 * ws]), a2);
            a3 = x.fma(FloatVector.broadcast(SP, w[wi + 3 * ws]), a3);
        }
        if (bias != null) {
            a0 = a0.add(bias[bOff]);
            a1 = a1.add(bias[bOff + 1]);
            a2 = a2.add(bias[bOff + 2]);
            a3 = a3.add(bias[bOff + 3]);
        }
        a0.intoArray(dst, dstBase, m);
        a1.intoArray(dst, dstBase + ds, m);
        a2.intoArray(dst, dstBase + 2 * ds, m);
        a3.intoArray(dst, dstBase + 3 * ds, m);
    }

    private static void rows1Block(float[] src, int srcBase, int[] srcOffs, float[] w, int wBase, int[] wIdx,
                                   int taps, float[] bias, int bOff, float[] dst, int dstBase) {
        FloatVector a0 = FloatVector.zero(SP), a1 = a0, a2 = a0, a3 = a0;
        for (int t = 0; t < taps; t++) {
            int s = srcBase + srcOffs[t];
            FloatVector wv = FloatVector.broadcast(SP, w[wBase + wIdx[t]]);
            a0 = FloatVector.fromArray(SP, src, s).fma(wv, a0);
            a1 = FloatVector.fromArray(SP, src, s + L).fma(wv, a1);
            a2 = FloatVector.fromArray(SP, src, s + 2 * L).fma(wv, a2);
            a3 = FloatVector.fromArray(SP, src, s + 3 * L).fma(wv, a3);
        }
        if (bias != null) {
            float b = bias[bOff];
            a0 = a0.add(b);
            a1 = a1.add(b);
            a2 = a2.add(b);
            a3 = a3.add(b);
        }
        a0.intoArray(dst, dstBase);
        a1.intoArray(dst, dstBase + L);
        a2.intoArray(dst, dstBase + 2 * L);
        a3.intoArray(dst, dstBase + 3 * L);
    }

    private static void rows1Vector(float[] src, int srcBase, int[] srcOffs, float[] w, int wBase, int[] wIdx,
                                    int taps, float[] bias, int bOff, float[] dst, int dstBase, VectorMask<Float> m) {
        FloatVector a = FloatVector.zero(SP);
        for (int t = 0; t < taps; t++) {
            a = FloatVector.fromArray(SP, src, srcBase + srcOffs[t], m).fma(FloatVector.broadcast(SP, w[wBase + wIdx[t]]), a);
        }
        if (bias != null) a = a.add(bias[bOff]);
        a.intoArray(dst, dstBase, m);
    }
}
