package org.sparsetrain.kernels.cpu;

import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.kernels.cpu.simd.SparseConvKernels;
import org.sparsetrain.kernels.cpu.simd.SparseConvLayout;
import org.sparsetrain.kernels.cpu.simd.SparseMatmul;
import org.sparsetrain.kernels.cpu.sparse.RowPartition;

/**
 * Runs the SIMD sparse kernels ({@link SparseMatmul}, {@link SparseConvKernels}) on a {@link SparsityPattern} over
 * a {@link WorkPool}. Work is split into {@link #PARTS_PER_THREAD} contiguous ranges of rows (output rows,
 * transposed-index rows, output or input channels) per thread, <em>balanced by nonzeros</em> ({@link RowPartition}),
 * because RigL's masks give rows of unequal length; the threads claim the ranges as they get free. The ranges depend
 * only on the pattern and the thread count, and every row is computed with the same operations whatever range it
 * falls in and whichever thread runs it, so results are bit-identical across runs and thread counts.
 * Small problems run on the caller thread. All tensors are F32.
 */
final class SparseParallel {
    /** Below this many elements a copy (padding, dilation) runs on the caller thread. */
    static final long COPY_PARALLEL_MIN_ELEMENTS = 1L << 16;

    /**
     * Below this many multiply-adds a sparse product runs on the caller thread. The hand-off itself is under 1 µs
     * (SpinningWorker), but a split product also makes the second core fetch the layer's activation rows into its own
     * L2, which costs more than half of a product of a few hundred thousand multiply-adds saves: LeNet-300-100 on 2
     * threads (12-04), 1 << 16 -> 1 << 19 took the step at density 0.1 from 314-326 to 248-267 µs and at 0.01 from
     * 98-103 to 76-84 µs (1 << 14 had been slower still). fc1 at 0.1 (3 M) stays split, fc2 (0.4 M) and every
     * layer at 0.01 run whole.
     */
    static final long PRODUCT_PARALLEL_MIN_MACS = 1L << 19;

    private final WorkPool pool;
    /** The padded input and the dilated output gradient of the convolutions: overwritten whole by their copies. */
    private final ScratchArray paddedInput = new ScratchArray(), dilatedGradient = new ScratchArray();
    /** The values gathered into the transposed index's order for an input gradient: overwritten on every call. */
    private final ScratchArray valuesInTransposedOrder = new ScratchArray();

    SparseParallel(WorkPool pool) { this.pool = pool; }

    /**
     * Nonzero-balanced parts per thread that the threads of a product claim. One part per thread left the caller
     * waiting for the worker in 15 % of its samples (LeNet-300-100 at 0.1 on 2 threads, 12-04): the worker first
     * pulls the rows the caller has just written into its own cache, so equal nonzeros are not equal time.
     */
    static final int PARTS_PER_THREAD = 4;

    /**
     * Calls {@code body} on nonzero-balanced unit ranges of {@code ptr} (units of {@code unit} rows). The ranges
     * depend only on the pattern and the thread count; which thread runs which does not matter, because every
     * unit is computed with the same operations into its own outputs.
     */
    private void split(int[] ptr, int units, int unit, long macs, WorkPool.RangeBody body) {
        int threads = pool.threads();
        if (threads == 1 || units == 1 || macs < PRODUCT_PARALLEL_MIN_MACS) {
            body.run(0, units);
            return;
        }
        int parts = Math.min(units, threads * PARTS_PER_THREAD);
        int[] b = RowPartition.balanced(ptr, units, unit, parts);
        pool.forClaimedAfter(0, null, parts, 1, (p0, p1) -> {
            for (int p = p0; p < p1; p++) if (b[p + 1] > b[p]) body.run(b[p], b[p + 1]);
        });
    }

    /**
     * Below this many multiply-adds per product two products of a layer run one after the other on the caller even
     * when they could run at once: a few-microsecond product does not pay for the hand-off, and the worker, parked
     * when a step has no other parallel work, wakes too late to help (LeNet-300-100 at density 0.01 on 2 threads,
     * fc2's 38 k: 124-134 -> 172-185 µs per step when they were handed off).
     */
    static final long CONCURRENT_MIN_MACS = 1L << 17;

    /**
     * Runs {@code a} and {@code b} (either may be null), two products of one layer that write different outputs, each
     * of about {@code macs} multiply-adds: at the same time, one per thread, when each is too small to split
     * ({@link #PRODUCT_PARALLEL_MIN_MACS}) but not tiny ({@link #CONCURRENT_MIN_MACS}), else one after the other
     * (each then splits itself if large). A sparse layer's input and weight gradients in that range (LeNet-300-100's
     * fc2 at density 0.1: ~15 and ~20 µs) would otherwise leave the second core idle. Each product is computed the
     * same way by whichever thread claims it: same bits.
     */
    void concurrently(long macs, Runnable a, Runnable b) {
        if (a == null || b == null || pool.threads() == 1 || macs >= PRODUCT_PARALLEL_MIN_MACS
                || macs < CONCURRENT_MIN_MACS) {
            if (a != null) a.run();
            if (b != null) b.run();
            return;
        }
        pool.forClaimedAfter(0, null, 2, 1, (u0, u1) -> {
            for (int u = u0; u < u1; u++) (u == 0 ? a : b).run();
        });
    }

    /**
     * The values in transposed-index order: {@code valuesT[q] = values[perm[q]]} (O(nnz), once per call), in this
     * thread's scratch array (at least nnz long).
     */
    private float[] transposedValues(SparsityPattern w, Tensor values) {
        int[] perm = w.perm();
        float[] v = values.floats(), t = valuesInTransposedOrder.take(perm.length);
        int off = values.offset();
        for (int q = 0; q < perm.length; q++) t[q] = v[off + perm[q]];
        return t;
    }

    void matmul(SparsityPattern w, Tensor values, Tensor x, Tensor y) {
        linearForward(w, values, x, null, y);
    }

    /** {@code y = W·x + bias} with each row's sum started at its bias ({@code bias} null: none). */
    void linearForward(SparsityPattern w, Tensor values, Tensor x, Tensor bias, Tensor y) {
        int n = x.size() / w.cols();
        float[] b = bias == null ? null : bias.floats();
        int bOff = bias == null ? 0 : bias.offset();
        split(w.rowPtr(), w.rows(), 1, (long) w.nnz() * n, (r0, r1) -> SparseMatmul.spmmPlusBias(w.rows(), w.cols(),
                n, w.rowPtr(), w.colIdx(), values.floats(), values.offset(), x.floats(), x.offset(), 0f, b, bOff,
                y.floats(), y.offset(), r0, r1));
    }

    void matmulTransposed(SparsityPattern w, Tensor values, Tensor gy, Tensor gx) {
        int n = gy.size() / w.rows();
        float[] vt = transposedValues(w, values);
        split(w.colPtr(), w.cols(), 1, (long) w.nnz() * n, (c0, c1) -> SparseMatmul.spmm(w.cols(), w.rows(), n,
                w.colPtr(), w.rowIdxT(), vt, 0, gy.floats(), gy.offset(), 0f, gx.floats(), gx.offset(), c0, c1));
    }

    void sampled(SparsityPattern w, Tensor gy, Tensor x, Tensor gv) {
        int n = x.size() / w.cols();
        split(w.rowPtr(), w.rows(), 1, (long) w.nnz() * n, (r0, r1) -> SparseMatmul.sddmm(w.rows(), w.cols(), n,
                w.rowPtr(), w.colIdx(), gy.floats(), gy.offset(), x.floats(), x.offset(), gv.floats(), gv.offset(),
                r0, r1));
    }

    /** A layout copy of {@code size} elements over {@code channels}: on the caller when small, else by channels. */
    private void copyByChannels(long size, int channels, WorkPool.RangeBody copy) {
        if (pool.threads() == 1 || size < COPY_PARALLEL_MIN_ELEMENTS) copy.run(0, channels);
        else pool.forRange(channels, copy);
    }

    private static long convMacs(ConvGeometry g, SparsityPattern w) {
        return (long) w.nnz() * g.outH() * g.outW() * g.batch();
    }

    /** The padded input (the input itself without padding), written by channel ranges in parallel. */
    private float[] padded(ConvGeometry g, Tensor x, int[] offOut) {
        if (g.padH() == 0 && g.padW() == 0) {
            offOut[0] = x.offset();
            return x.floats();
        }
        long size = SparseConvLayout.paddedInputSize(g);
        float[] xp = paddedInput.take(size);
        copyByChannels(size, g.inC(), (c0, c1) -> SparseConvLayout.padInput(g, x.floats(), x.offset(), xp, 0, c0, c1));
        offOut[0] = 0;
        return xp;
    }

    /** {@code bias} may be null. */
    void convForward(ConvGeometry g, SparsityPattern w, Tensor values, Tensor x, Tensor bias, Tensor y) {
        int[] xpOff = new int[1];
        float[] xp = padded(g, x, xpOff);
        float[] b = bias == null ? null : bias.floats();
        int bOff = bias == null ? 0 : bias.offset();
        split(w.rowPtr(), g.outC(), 1, convMacs(g, w), (c0, c1) -> SparseConvKernels.forward(g, w.rowPtr(),
                w.colIdx(), values.floats(), values.offset(), xp, xpOff[0], b, bOff, y.floats(), y.offset(), c0, c1));
    }

    void convBackwardInput(ConvGeometry g, SparsityPattern w, Tensor values, Tensor gy, Tensor gx) {
        long size = SparseConvLayout.dilatedGradientSize(g);
        float[] d = dilatedGradient.take(size);
        // at stride 1 the kernel reads only the gradient's own cells, so the frame of the scratch array needs no zeros
        boolean dataOnly = g.strideH() == 1 && g.strideW() == 1;
        WorkPool.RangeBody dilate = (c0, c1) -> {
            if (dataOnly) SparseConvLayout.dilateGradientDataRegion(g, gy.floats(), gy.offset(), d, 0, c0, c1);
            else SparseConvLayout.dilateGradient(g, gy.floats(), gy.offset(), d, 0, c0, c1);
        };
        copyByChannels(size, g.outC(), dilate);
        float[] vt = transposedValues(w, values);
        split(w.colPtr(), g.inC(), g.kH() * g.kW(), convMacs(g, w), (c0, c1) -> SparseConvKernels.backwardInput(g,
                w.colPtr(), w.rowIdxT(), vt, d, 0, gx.floats(), gx.offset(), c0, c1));
    }

    /** {@code gb} (the bias gradient) may be null. */
    void convBackwardWeight(ConvGeometry g, SparsityPattern w, Tensor x, Tensor gy, Tensor gv, Tensor gb) {
        int[] xpOff = new int[1];
        float[] xp = padded(g, x, xpOff);
        float[] b = gb == null ? null : gb.floats();
        int bOff = gb == null ? 0 : gb.offset();
        split(w.rowPtr(), g.outC(), 1, convMacs(g, w), (c0, c1) -> SparseConvKernels.backwardWeight(g, w.rowPtr(),
                w.colIdx(), xp, xpOff[0], gy.floats(), gy.offset(), gv.floats(), gv.offset(), b, bOff, c0, c1));
    }
}
