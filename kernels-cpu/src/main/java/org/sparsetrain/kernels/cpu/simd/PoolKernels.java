package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.sparsetrain.engine.backend.PoolGeometry;

/**
 * Max and average pooling on {@code [C][H][W][N]} activations, vectorised along the batch (each window cell is a
 * contiguous run of N floats). Semantics are those of the reference backend: max pooling takes the first maximum
 * in window order (row by row), a NaN wins over any number (the first NaN in window order), padded cells never
 * win; average pooling divides by {@code kH * kW}, padding included (PyTorch's {@code count_include_pad=True}).
 *
 * <p>Each method is single-threaded over the channels {@code [cFrom, cTo)} and writes only those channels. The
 * backward passes gather (each input cell sums the windows that cover it, in increasing output order) instead of
 * scattering, so every gradient element is written once, with no zeroing pass, and no other channel is touched.
 * {@code argmax} is indexed by the output's flat index and holds flat input indices, both counted from the
 * arrays' offsets. {@link ScalarPoolKernels} is the scalar twin.
 */
public final class PoolKernels {
    private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, SP.vectorShape());
    private static final int L = SP.length();
    /** 0, 1, ..., L-1: the batch lane of each vector lane. */
    private static final IntVector LANE = IntVector.zero(IS).addIndex(1);

    private PoolKernels() {}

    /** {@code y = max over the window}, {@code argmax} = flat input index of the winner. */
    public static void maxForward(PoolGeometry g, float[] x, int xOff, float[] y, int yOff, int[] argmax,
                                  int cFrom, int cTo) {
        checkArrays("maxPool2dForward", g, x, xOff, y, yOff, cFrom, cTo);
        checkArgmax("maxPool2dForward", g, argmax);
        int n = g.batch(), oh = g.outH(), ow = g.outW(), h = g.inH(), w = g.inW();
        int nVec = SP.loopBound(n);
        VectorMask<Float> tail = SP.indexInRange(nVec, n);
        for (int c = cFrom; c < cTo; c++) {
            for (int oy = 0; oy < oh; oy++) {
                int iy0 = oy * g.strideH() - g.padH(), kyA = Math.max(0, -iy0), kyB = Math.min(g.kH(), h - iy0);
                for (int ox = 0; ox < ow; ox++) {
                    int ix0 = ox * g.strideW() - g.padW(), kxA = Math.max(0, -ix0), kxB = Math.min(g.kW(), w - ix0);
                    int o = ((c * oh + oy) * ow + ox) * n;
                    int first = ((c * h + iy0 + kyA) * w + ix0 + kxA) * n;
                    int cellBase = (c * h + iy0) * w + ix0;
                    int nb = 0;
                    for (; nb < nVec; nb += L) {
                        maxLanes(x, xOff, y, yOff, argmax, o, first, cellBase, w, n, kyA, kyB, kxA, kxB, nb, null);
                    }
                    if (nb < n) maxLanes(x, xOff, y, yOff, argmax, o, first, cellBase, w, n, kyA, kyB, kxA, kxB, nb, tail);
                }
            }
        }
    }

    /**
     * One window for the batch lanes {@code [nb, nb + L)}; {@code m} is null for a full vector (the main loop stays
     * unmasked once this is inlined, pitfall P6) or the tail mask.
     */
    private static void maxLanes(float[] x, int xOff, float[] y, int yOff, int[] argmax, int o, int first,
                                 int cellBase, int w, int n, int kyA, int kyB, int kxA, int kxB, int nb,
                                 VectorMask<Float> m) {
        FloatVector best = load(x, xOff + first + nb, m);
        IntVector bestCell = IntVector.broadcast(IS, first);
        for (int ky = kyA; ky < kyB; ky++) {
            for (int kx = ky == kyA ? kxA + 1 : kxA; kx < kxB; kx++) {
                int cell = (cellBase + ky * w + kx) * n;
                FloatVector v = load(x, xOff + cell + nb, m);
                // Strictly greater keeps the first maximum; a NaN replaces anything but a NaN.
                VectorMask<Float> win = v.compare(VectorOperators.GT, best)
                        .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                best = best.blend(v, win);
                bestCell = bestCell.blend(cell, win.cast(IS));
            }
        }
        IntVector index = bestCell.add(LANE).add(nb);
        if (m == null) {
            best.intoArray(y, yOff + o + nb);
            index.intoArray(argmax, o + nb);
        } else {
            best.intoArray(y, yOff + o + nb, m);
            index.intoArray(argmax, o + nb, m.cast(IS));
        }
    }

    private static FloatVector load(float[] a, int off, VectorMask<Float> m) {
        return m == null ? FloatVector.fromArray(SP, a, off) : FloatVector.fromArray(SP, a, off, m);
    }

    /** {@code gx[i] = sum of gy[o] over the outputs o with argmax[o] == i}: the adjoint of {@link #maxForward}. */
    public static void maxBackward(PoolGeometry g, float[] gy, int gyOff, int[] argmax, float[] gx, int gxOff,
                                   int cFrom, int cTo) {
        checkArrays("maxPool2dBackward", g, gx, gxOff, gy, gyOff, cFrom, cTo);
        checkArgmax("maxPool2dBackward", g, argmax);
        if (g.kH() == g.strideH() && g.kW() == g.strideW() && g.padH() == 0 && g.padW() == 0) {
            maxBackwardTiled(g, gy, gyOff, argmax, gx, gxOff, cFrom, cTo);
            return;
        }
        // Lanes outside the tail mask load gy as 0, so whatever they compare to adds nothing.
        gather(g, cFrom, cTo, (cell, o, nb, m) -> ifWon(load(gy, gyOff + o + nb, m), winners(argmax, o + nb, m),
                cell + nb), 1f, gx, gxOff);
    }

    /** {@code y = (sum of the window's cells inside the input) / (kH * kW)}. */
    public static void avgForward(PoolGeometry g, float[] x, int xOff, float[] y, int yOff, int cFrom, int cTo) {
        checkArrays("avgPool2dForward", g, x, xOff, y, yOff, cFrom, cTo);
        int n = g.batch(), oh = g.outH(), ow = g.outW(), h = g.inH(), w = g.inW();
        int nVec = SP.loopBound(n);
        VectorMask<Float> tail = SP.indexInRange(nVec, n);
        float inv = 1f / (g.kH() * g.kW());
        for (int c = cFrom; c < cTo; c++) {
            for (int oy = 0; oy < oh; oy++) {
                int iy0 = oy * g.strideH() - g.padH(), kyA = Math.max(0, -iy0), kyB = Math.min(g.kH(), h - iy0);
                for (int ox = 0; ox < ow; ox++) {
                    int ix0 = ox * g.strideW() - g.padW(), kxA = Math.max(0, -ix0), kxB = Math.min(g.kW(), w - ix0);
                    int o = yOff + ((c * oh + oy) * ow + ox) * n;
                    int rowBase = xOff + ((c * h + iy0) * w + ix0) * n;
                    int nb = 0;
                    for (; nb < nVec; nb += L) avgLanes(x, rowBase, w * n, n, kyA, kyB, kxA, kxB, nb, null, inv, y, o);
                    if (nb < n) avgLanes(x, rowBase, w * n, n, kyA, kyB, kxA, kxB, nb, tail, inv, y, o);
                }
            }
        }
    }

    private static void avgLanes(float[] x, int rowBase, int rowStride, int n, int kyA, int kyB, int kxA, int kxB,
                                 int nb, VectorMask<Float> m, float inv, float[] y, int o) {
        FloatVector s = FloatVector.zero(SP);
        for (int ky = kyA; ky < kyB; ky++) {
            int row = rowBase + ky * rowStride + nb;
            for (int kx = kxA; kx < kxB; kx++) s = s.add(load(x, row + kx * n, m));
        }
        store(s.mul(inv), y, o + nb, m);
    }

    private static void store(FloatVector v, float[] a, int off, VectorMask<Float> m) {
        if (m == null) v.intoArray(a, off); else v.intoArray(a, off, m);
    }

    /**
     * {@link #maxBackward} when the windows tile the input (kernel = stride, no padding), as in LeNet's 2x2 pools:
     * each cell lies in at most one window, so a window's gy and winners are loaded once for all its cells instead of
     * once per cell, and no window range is computed per cell. Every cell gets what the gather gives it (its
     * window's gy where it won, else 0; 0 in the rows and columns past the last window), the same bits.
     */
    private static void maxBackwardTiled(PoolGeometry g, float[] gy, int gyOff, int[] argmax, float[] gx, int gxOff,
                                         int cFrom, int cTo) {
        int n = g.batch(), oh = g.outH(), ow = g.outW(), h = g.inH(), w = g.inW(), kh = g.kH(), kw = g.kW();
        int nVec = SP.loopBound(n);
        VectorMask<Float> tail = SP.indexInRange(nVec, n);
        for (int c = cFrom; c < cTo; c++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int o = ((c * oh + oy) * ow + ox) * n, corner = (c * h + oy * kh) * w + ox * kw;
                    int nb = 0;
                    for (; nb < nVec; nb += L) {
                        routeWindow(gy, gyOff, argmax, gx, gxOff, o, corner, w, n, kh, kw, nb, null);
                    }
                    if (nb < n) routeWindow(gy, gyOff, argmax, gx, gxOff, o, corner, w, n, kh, kw, nb, tail);
                }
            }
            // cells that no window covers (an input size not divisible by the window)
            int rowLen = w * n;
            for (int iy = 0; iy < h; iy++) {
                int row = gxOff + (c * h + iy) * rowLen;
                if (iy >= oh * kh) java.util.Arrays.fill(gx, row, row + rowLen, 0f);
                else if (ow * kw < w) java.util.Arrays.fill(gx, row + ow * kw * n, row + rowLen, 0f);
            }
        }
    }

    /** One window's gy for the lanes {@code [nb, nb + L)} to the cell that won it, 0 to the others. */
    private static void routeWindow(float[] gy, int gyOff, int[] argmax, float[] gx, int gxOff, int o, int corner,
                                    int w, int n, int kh, int kw, int nb, VectorMask<Float> m) {
        IntVector won = winners(argmax, o + nb, m);
        FloatVector v = load(gy, gyOff + o + nb, m);
        for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
                int cell = (corner + ky * w + kx) * n;
                store(ifWon(v, won, cell + nb), gx, gxOff + cell + nb, m);
            }
        }
    }

    /** The flat input indices that won the outputs {@code [o, o + L)} ({@code m}: the tail mask, or null). */
    private static IntVector winners(int[] argmax, int o, VectorMask<Float> m) {
        return m == null ? IntVector.fromArray(IS, argmax, o) : IntVector.fromArray(IS, argmax, o, m.cast(IS));
    }

    /** {@code v} in the lanes whose winner is element {@code first + lane}, 0 elsewhere. */
    private static FloatVector ifWon(FloatVector v, IntVector won, int first) {
        return v.blend(0f, won.eq(LANE.add(first)).not().cast(SP));
    }

    /** {@code gx[i] = (sum of gy over the windows covering i) / (kH * kW)}: the adjoint of {@link #avgForward}. */
    public static void avgBackward(PoolGeometry g, float[] gy, int gyOff, float[] gx, int gxOff, int cFrom, int cTo) {
        checkArrays("avgPool2dBackward", g, gx, gxOff, gy, gyOff, cFrom, cTo);
        gather(g, cFrom, cTo, (cell, o, nb, m) -> load(gy, gyOff + o + nb, m),
                1f / (g.kH() * g.kW()), gx, gxOff);
    }

    /**
     * What one output window contributes to one input cell, for the batch lanes {@code [nb, nb + L)} ({@code m}
     * null for a full vector, else the tail mask).
     */
    private interface Contribution {
        FloatVector of(int cell, int o, int nb, VectorMask<Float> m);
    }

    /**
     * For every input cell of channels {@code [cFrom, cTo)}: {@code gx = scale * sum of contributions} of the
     * windows covering the cell, in increasing output order (the order of a scatter over the outputs).
     */
    private static void gather(PoolGeometry g, int cFrom, int cTo, Contribution f, float scale, float[] gx, int gxOff) {
        int n = g.batch(), oh = g.outH(), ow = g.outW(), h = g.inH(), w = g.inW();
        int nVec = SP.loopBound(n);
        VectorMask<Float> tail = SP.indexInRange(nVec, n);
        for (int c = cFrom; c < cTo; c++) {
            for (int iy = 0; iy < h; iy++) {
                // Windows oy with oy*sH - padH <= iy <= oy*sH - padH + kH - 1.
                int oyA = Math.max(0, Math.ceilDiv(iy + g.padH() - g.kH() + 1, g.strideH()));
                int oyB = Math.min(oh, Math.floorDiv(iy + g.padH(), g.strideH()) + 1);
                for (int ix = 0; ix < w; ix++) {
                    int oxA = Math.max(0, Math.ceilDiv(ix + g.padW() - g.kW() + 1, g.strideW()));
                    int oxB = Math.min(ow, Math.floorDiv(ix + g.padW(), g.strideW()) + 1);
                    int cell = ((c * h + iy) * w + ix) * n;
                    int nb = 0;
                    for (; nb < nVec; nb += L) gatherLanes(g, c, cell, oyA, oyB, oxA, oxB, f, scale, gx, gxOff, nb, null);
                    if (nb < n) gatherLanes(g, c, cell, oyA, oyB, oxA, oxB, f, scale, gx, gxOff, nb, tail);
                }
            }
        }
    }

    private static void gatherLanes(PoolGeometry g, int c, int cell, int oyA, int oyB, int oxA, int oxB,
                                    Contribution f, float scale, float[] gx, int gxOff, int nb, VectorMask<Float> m) {
        int n = g.batch(), oh = g.outH(), ow = g.outW();
        FloatVector s = FloatVector.zero(SP);
        for (int oy = oyA; oy < oyB; oy++) {
            for (int ox = oxA; ox < oxB; ox++) s = s.add(f.of(cell, ((c * oh + oy) * ow + ox) * n, nb, m));
        }
        store(scale == 1f ? s : s.mul(scale), gx, gxOff + cell + nb, m);
    }

    static void checkArrays(String op, PoolGeometry g, float[] in, int inOff, float[] out, int outOff,
                            int cFrom, int cTo) {
        KernelArgs.slice(op, "input-side array", in, inOff, (long) g.channels() * g.inH() * g.inW() * g.batch());
        KernelArgs.slice(op, "output-side array", out, outOff, outputSize(g));
        KernelArgs.range(op, "channel", cFrom, cTo, g.channels());
    }

    static void checkArgmax(String op, PoolGeometry g, int[] argmax) {
        if (argmax == null || argmax.length < outputSize(g)) {
            throw new IllegalArgumentException(op + ": argmax needs " + outputSize(g) + " elements, has "
                    + (argmax == null ? "none" : argmax.length));
        }
    }

    private static long outputSize(PoolGeometry g) {
        return (long) g.channels() * g.outH() * g.outW() * g.batch();
    }
}
