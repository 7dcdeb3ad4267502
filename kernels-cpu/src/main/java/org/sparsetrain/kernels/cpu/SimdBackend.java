package org.sparsetrain.kernels.cpu;

import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.backend.UnaryOp;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.kernels.cpu.simd.SimdElementwise;
import org.sparsetrain.kernels.cpu.simd.SimdGemm;
import org.sparsetrain.kernels.cpu.simd.SimdRows;

/**
 * The Vector API backend: F32 calls run the kernels of {@code kernels.cpu.simd}, split over a {@link WorkPool};
 * any F64 tensor sends the call to {@link Backends#reference()} (double precision is for gradient checks, not
 * speed).
 *
 * <p>Partitions are aligned to the kernels' tiles and static, except GEMM row blocks, which threads claim as
 * they come free: every element of C gets the same operations whichever block computes it. Every reduction
 * is cut into fixed-size blocks summed in block order. So results are bit-identical for the same inputs and
 * thread count, and for the kernels here also across thread counts. Problems below a size threshold run on
 * the caller thread.
 */
public final class SimdBackend implements Backend, AutoCloseable {
    /** Below this many multiply-adds a GEMM runs on the caller thread: forking costs more than it saves. */
    static final long GEMM_PARALLEL_MIN_FMAS = 1L << 20;
    /**
     * Row blocks per thread a parallel GEMM is cut into: enough that the threads end together within a block
     * (±1/4 of a share) when one starts late, few enough that each block still reuses the packed B from L2.
     */
    static final int GEMM_GRAINS_PER_THREAD = 4;

    /**
     * Above this many floats of op(B) a parallel GEMM splits the columns instead of sharing one packed B: each row
     * block would stream the whole packed B (larger than L2) from memory again, while a column half packed and used
     * block by block stays in cache. The convolution input gradient's {@code Wᵀ·gy} (k = 64, n = 25088 for 32→64
     * 3×3 on 14×14 at batch 128: 6.4 MB) is the case; every dense-layer shape of the benchmarks is below it.
     */
    static final long SHARED_PACKED_B_MAX_FLOATS = 1L << 20;
    /** Elementwise work is handed out in blocks of this many elements (a multiple of every species length). */
    static final int ELEMENT_BLOCK = 1 << 13;
    /** Below this many elements elementwise kernels run on the caller thread (memory-bound, fork not worth it). */
    static final int ELEMENTWISE_PARALLEL_MIN = 1 << 16;
    /** {@link #sum} adds fixed blocks of this size in block order, whatever the thread count. */
    static final int SUM_BLOCK = 1 << 14;

    private final WorkPool pool;
    private final Backend reference = Backends.reference();

    private final ChannelParallel channels;
    private final Col2imInputGradient col2imInputGradient;
    private final SparseParallel sparse;

    public SimdBackend(int threads) {
        this.pool = new WorkPool(threads);
        this.channels = new ChannelParallel(pool);
        this.col2imInputGradient = new Col2imInputGradient(this, pool);
        this.sparse = new SparseParallel(pool);
    }

    @Override public String name() { return "simd"; }

    @Override public int threads() { return pool.threads(); }

    /** Stops the worker threads (they are daemons, so this is only needed by code creating many backends). */
    @Override public void close() { pool.close(); }

    private static boolean anyF64(Tensor... ts) {
        for (Tensor t : ts) if (t != null && t.dtype() == DType.F64) return true;
        return false;
    }

    private static void requireSize(String op, String arg, Tensor t, long expected) {
        if (t.size() != expected) {
            throw new IllegalArgumentException(op + ": " + arg + " has " + t.size() + " elements (shape " + t.shape()
                    + "), expected " + expected);
        }
    }

    // ------------------------------------------------------------------ GEMM

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        if (anyF64(a, b, c)) {
            reference.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
            return;
        }
        requireSize("gemm", "a", a, (long) m * k);
        requireSize("gemm", "b", b, (long) k * n);
        requireSize("gemm", "c", c, (long) m * n);
        float[] av = a.floats(), bv = b.floats(), cv = c.floats();
        int lda = transA ? m : k, ldb = transB ? k : n, ldc = n;
        float al = (float) alpha, be = (float) beta;
        if (pool.threads() == 1 || (long) m * n * k < GEMM_PARALLEL_MIN_FMAS) {
            SimdGemm.gemm(transA, transB, m, n, k, al, av, a.offset(), lda, bv, b.offset(), ldb, be, cv, c.offset(), ldc);
            return;
        }
        int rowTiles = (m + SimdGemm.MR - 1) / SimdGemm.MR;
        if (rowTiles >= 2 * pool.threads() && (long) k * n <= SHARED_PACKED_B_MAX_FLOATS) {
            // Row tiles against one shared packed op(B): the threads pack its column panels between them, then
            // claim row blocks until none is left, in one hand-off. Re-packing B in every thread cost ~10 % at
            // n = 128 and made dW at W[300×784] slower on 2 threads than on 1; claiming instead of a static split
            // keeps a late or pre-empted worker from holding up the call. Every element of C gets the same
            // operations whichever block computes it, so the result is the same bits for any claim order.
            float[] pb = sharedPackedB(SimdGemm.packedBLength(n, k));
            int bOff = b.offset();
            int grain = Math.max(1, rowTiles / (GEMM_GRAINS_PER_THREAD * pool.threads()));
            pool.forClaimedAfter(SimdGemm.panelsB(n), (s0, s1) -> SimdGemm.packB(transB, n, k, bv, bOff, ldb, pb, s0, s1),
                    rowTiles, grain, (u0, u1) -> {
                        int i0 = u0 * SimdGemm.MR, i1 = Math.min(m, u1 * SimdGemm.MR);
                        SimdGemm.gemmPackedB(transA, i1 - i0, n, k, al, av, a.offset() + (transA ? i0 : i0 * lda),
                                lda, pb, be, cv, c.offset() + i0 * ldc, ldc);
                    });
        } else {
            // too few rows to share out: NR-aligned column blocks, each packing its own slice of op(B)
            int units = SimdGemm.panelsB(n);
            pool.forRange(units, (u0, u1) -> {
                int j0 = u0 * SimdGemm.NR, j1 = Math.min(n, u1 * SimdGemm.NR);
                SimdGemm.gemm(transA, transB, m, j1 - j0, k, al, av, a.offset(), lda,
                        bv, b.offset() + (transB ? j0 * ldb : j0), ldb, be, cv, c.offset() + j0, ldc);
            });
        }
    }

    /**
     * The calling thread's buffer for a packed op(B) shared with the workers for one call. Per caller thread, not
     * per backend, so two threads calling gemm on one backend at once never share it.
     */
    private static float[] sharedPackedB(int length) {
        float[][] holder = SHARED_PACKED_B.get();
        if (holder[0].length < length) holder[0] = new float[length];
        return holder[0];
    }

    private static final ThreadLocal<float[][]> SHARED_PACKED_B = ThreadLocal.withInitial(() -> new float[1][0]);

    // ------------------------------------------------------------------ elementwise

    /** A kernel over the elements {@code [from, to)} of a flat range. */
    private interface Span {
        void run(int from, int to);
    }

    /** Runs {@code span} over {@code [0, len)}: inline when small, else in ELEMENT_BLOCK-aligned chunks. */
    private void elementwise(int len, Span span) {
        if (pool.threads() == 1 || len < ELEMENTWISE_PARALLEL_MIN) {
            span.run(0, len);
            return;
        }
        int units = (len + ELEMENT_BLOCK - 1) / ELEMENT_BLOCK;
        pool.forRange(units, (u0, u1) -> span.run(u0 * ELEMENT_BLOCK, Math.min(len, u1 * ELEMENT_BLOCK)));
    }

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (anyF64(a, b, out)) {
            reference.binary(op, a, b, out);
            return;
        }
        int len = out.size();
        requireSize("binary " + op, "a", a, len);
        requireSize("binary " + op, "b", b, len);
        float[] av = a.floats(), bv = b.floats(), ov = out.floats();
        int ao = a.offset(), bo = b.offset(), oo = out.offset();
        elementwise(len, (f, t) -> SimdElementwise.binary(op, av, ao + f, bv, bo + f, ov, oo + f, t - f));
    }

    @Override public void unary(UnaryOp op, Tensor a, Tensor out) {
        if (anyF64(a, out)) {
            reference.unary(op, a, out);
            return;
        }
        int len = out.size();
        requireSize("unary " + op, "a", a, len);
        float[] av = a.floats(), ov = out.floats();
        int ao = a.offset(), oo = out.offset();
        elementwise(len, (f, t) -> SimdElementwise.unary(op, av, ao + f, ov, oo + f, t - f));
    }

    @Override public void axpy(double alpha, Tensor x, Tensor y) {
        if (anyF64(x, y)) {
            reference.axpy(alpha, x, y);
            return;
        }
        int len = y.size();
        requireSize("axpy", "x", x, len);
        float[] xv = x.floats(), yv = y.floats();
        int xo = x.offset(), yo = y.offset();
        float al = (float) alpha;
        elementwise(len, (f, t) -> SimdElementwise.axpy(al, xv, xo + f, yv, yo + f, t - f));
    }

    @Override public void affine(Tensor a, double alpha, double beta, Tensor out) {
        if (anyF64(a, out)) {
            reference.affine(a, alpha, beta, out);
            return;
        }
        int len = out.size();
        requireSize("affine", "a", a, len);
        float[] av = a.floats(), ov = out.floats();
        int ao = a.offset(), oo = out.offset();
        float al = (float) alpha, be = (float) beta;
        elementwise(len, (f, t) -> SimdElementwise.affine(av, ao + f, al, be, ov, oo + f, t - f));
    }

    @Override public void sgdMomentumStep(Tensor w, Tensor g, Tensor buf, double lr, double momentum,
                                          double dampening, double weightDecay, boolean nesterov) {
        if (anyF64(w, g, buf)) {
            reference.sgdMomentumStep(w, g, buf, lr, momentum, dampening, weightDecay, nesterov);
            return;
        }
        int len = w.size();
        requireSize("sgdMomentumStep", "gradient", g, len);
        requireSize("sgdMomentumStep", "momentum buffer", buf, len);
        float[] wv = w.floats(), gv = g.floats(), bv = buf.floats();
        int wo = w.offset(), go = g.offset(), bo = buf.offset();
        // the float constants the separate axpy/affine calls would use, hence the same bits
        float negLr = (float) -lr, m = (float) momentum, oneMinusD = (float) (1.0 - dampening);
        float wd = (float) weightDecay;
        elementwise(len, (f, t) -> SimdElementwise.sgdMomentumStep(wv, wo + f, gv, go + f, bv, bo + f, t - f, negLr,
                m, oneMinusD, wd, nesterov));
    }

    @Override public void reluBackward(Tensor x, Tensor gy, Tensor gx) {
        if (anyF64(x, gy, gx)) {
            reference.reluBackward(x, gy, gx);
            return;
        }
        int len = gx.size();
        requireSize("reluBackward", "x", x, len);
        requireSize("reluBackward", "gy", gy, len);
        float[] xv = x.floats(), gv = gy.floats(), ov = gx.floats();
        int xo = x.offset(), go = gy.offset(), oo = gx.offset();
        elementwise(len, (f, t) -> SimdElementwise.reluBackward(xv, xo + f, gv, go + f, ov, oo + f, t - f));
    }

    @Override public double sum(Tensor a) {
        if (anyF64(a)) return reference.sum(a);
        float[] av = a.floats();
        int off = a.offset(), len = a.size();
        int blocks = Math.max(1, (len + SUM_BLOCK - 1) / SUM_BLOCK);
        double[] partial = new double[blocks];
        WorkPool.RangeBody body = (b0, b1) -> {
            for (int blk = b0; blk < b1; blk++) {
                int from = blk * SUM_BLOCK;
                partial[blk] = SimdRows.sum(av, off + from, Math.min(len, from + SUM_BLOCK) - from);
            }
        };
        if (pool.threads() == 1 || len < ELEMENTWISE_PARALLEL_MIN) body.run(0, blocks);
        else pool.forRange(blocks, body);
        double s = 0;
        for (double p : partial) s += p;   // block order: independent of the thread count
        return s;
    }

    // ------------------------------------------------------------------ row broadcasts

    /** Runs {@code rowsBody} over row ranges: inline when the block is small, else split by rows. */
    private void byRows(int rows, int cols, WorkPool.RangeBody rowsBody) {
        if (pool.threads() == 1 || (long) rows * cols < ELEMENTWISE_PARALLEL_MIN) rowsBody.run(0, rows);
        else pool.forRange(rows, rowsBody);
    }

    @Override public void addRowBias(Tensor x, Tensor bias, Tensor out) {
        if (anyF64(x, bias, out)) {
            reference.addRowBias(x, bias, out);
            return;
        }
        int rows = bias.size(), len = x.size();
        if (rows == 0 || len % rows != 0) {
            throw new IllegalArgumentException("addRowBias: x " + x.shape() + " does not split into bias "
                    + bias.shape() + " rows");
        }
        requireSize("addRowBias", "out", out, len);
        int cols = len / rows;
        float[] xv = x.floats(), bv = bias.floats(), ov = out.floats();
        int xo = x.offset(), bo = bias.offset(), oo = out.offset();
        byRows(rows, cols, (r0, r1) ->
                SimdRows.addRowBias(xv, xo + r0 * cols, bv, bo + r0, ov, oo + r0 * cols, r1 - r0, cols));
    }

    @Override public void sumRows(Tensor x, Tensor out) {
        if (anyF64(x, out)) {
            reference.sumRows(x, out);
            return;
        }
        int rows = out.size(), len = x.size();
        if (rows == 0 || len % rows != 0) {
            throw new IllegalArgumentException("sumRows: x " + x.shape() + " does not split into " + rows + " rows");
        }
        int cols = len / rows;
        float[] xv = x.floats(), ov = out.floats();
        int xo = x.offset(), oo = out.offset();
        byRows(rows, cols, (r0, r1) -> SimdRows.sumRows(xv, xo + r0 * cols, ov, oo + r0, r1 - r0, cols));
    }

    // ------------------------------------------------------------------ image kernels (per channel)

    @Override public void conv2dForward(ConvGeometry g, Tensor x, Tensor w, Tensor y) {
        if (anyF64(x, w, y)) reference.conv2dForward(g, x, w, y);
        else channels.convForward(g, x, w, null, y);
    }

    @Override public void conv2dForwardWithBias(ConvGeometry g, Tensor x, Tensor w, Tensor bias, Tensor y) {
        if (anyF64(x, w, bias, y)) {
            reference.conv2dForwardWithBias(g, x, w, bias, y);
            return;
        }
        if (bias != null) requireSize("conv2dForwardWithBias", "bias", bias, g.outC());
        channels.convForward(g, x, w, bias, y); // the bias added as each output is stored
    }

    @Override public void conv2dBackwardInput(ConvGeometry g, Tensor gy, Tensor w, Tensor gx) {
        if (anyF64(gy, w, gx)) reference.conv2dBackwardInput(g, gy, w, gx);
        else if (Col2imInputGradient.preferred(g)) col2imInputGradient.backwardInput(g, gy, w, gx);
        else channels.convBackwardInput(g, gy, w, gx);
    }

    @Override public void conv2dBackwardWeight(ConvGeometry g, Tensor x, Tensor gy, Tensor gw) {
        if (anyF64(x, gy, gw)) reference.conv2dBackwardWeight(g, x, gy, gw);
        else channels.convBackwardWeight(g, x, gy, gw, null);
    }

    @Override public void conv2dBackwardWeightAndBias(ConvGeometry g, Tensor x, Tensor gy, Tensor gw, Tensor gb) {
        if (anyF64(x, gy, gw, gb)) {
            reference.conv2dBackwardWeightAndBias(g, x, gy, gw, gb);
            return;
        }
        if (gb != null) requireSize("conv2dBackwardWeightAndBias", "gb", gb, g.outC());
        channels.convBackwardWeight(g, x, gy, gw, gb); // gb summed band by band, same bits as sumRows
    }

    @Override public void channelMeanVar(Tensor x, Tensor mean, Tensor var) {
        if (anyF64(x, mean, var)) reference.channelMeanVar(x, mean, var);
        else channels.meanVar(x, mean, var);
    }

    @Override public void batchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y) {
        if (anyF64(x, mean, invStd, gamma, beta, y)) reference.batchNormApply(x, mean, invStd, gamma, beta, y);
        else channels.batchNormApply(x, mean, invStd, gamma, beta, y);
    }

    @Override public void batchNormBackward(Tensor x, Tensor gy, Tensor mean, Tensor invStd, Tensor gamma,
                                            Tensor gx, Tensor ggamma, Tensor gbeta) {
        if (anyF64(x, gy, mean, invStd, gamma, gx, ggamma, gbeta)) {
            reference.batchNormBackward(x, gy, mean, invStd, gamma, gx, ggamma, gbeta);
        } else {
            channels.batchNormBackward(x, gy, mean, invStd, gamma, gx, ggamma, gbeta);
        }
    }

    @Override public void maxPool2dForward(PoolGeometry g, Tensor x, Tensor y, int[] argmax) {
        if (anyF64(x, y)) reference.maxPool2dForward(g, x, y, argmax);
        else channels.maxPoolForward(g, x, y, argmax);
    }

    @Override public void maxPool2dBackward(PoolGeometry g, Tensor gy, int[] argmax, Tensor gx) {
        if (anyF64(gy, gx)) reference.maxPool2dBackward(g, gy, argmax, gx);
        else channels.maxPoolBackward(g, gy, argmax, gx);
    }

    @Override public void avgPool2dForward(PoolGeometry g, Tensor x, Tensor y) {
        if (anyF64(x, y)) reference.avgPool2dForward(g, x, y);
        else channels.avgPoolForward(g, x, y);
    }

    @Override public void avgPool2dBackward(PoolGeometry g, Tensor gy, Tensor gx) {
        if (anyF64(gy, gx)) reference.avgPool2dBackward(g, gy, gx);
        else channels.avgPoolBackward(g, gy, gx);
    }

    @Override public void logSoftmaxForward(Tensor x, Tensor y) {
        if (anyF64(x, y)) reference.logSoftmaxForward(x, y);
        else channels.logSoftmaxForward(x, y);
    }

    @Override public void logSoftmaxBackward(Tensor y, Tensor gy, Tensor gx) {
        if (anyF64(y, gy, gx)) reference.logSoftmaxBackward(y, gy, gx);
        else channels.logSoftmaxBackward(y, gy, gx);
    }

    // ------------------------------------------------------------------ sparse weights (SparseParallel)

    @Override public void sparseMatmul(SparsityPattern w, Tensor values, Tensor x, Tensor y) {
        if (anyF64(values, x, y)) reference.sparseMatmul(w, values, x, y);
        else sparse.matmul(w, values, x, y);
    }

    @Override public void sparseLinearForward(SparsityPattern w, Tensor values, Tensor x, Tensor bias, Tensor y) {
        if (anyF64(values, x, y, bias)) {
            reference.sparseLinearForward(w, values, x, bias, y);
            return;
        }
        if (bias != null) requireSize("sparseLinearForward", "bias", bias, w.rows());
        sparse.linearForward(w, values, x, bias, y);
    }

    @Override public void sparseMatmulTransposed(SparsityPattern w, Tensor values, Tensor gy, Tensor gx) {
        if (anyF64(values, gy, gx)) reference.sparseMatmulTransposed(w, values, gy, gx);
        else sparse.matmulTransposed(w, values, gy, gx);
    }

    @Override public void sampledMatmul(SparsityPattern w, Tensor gy, Tensor x, Tensor gvalues) {
        if (anyF64(gy, x, gvalues)) reference.sampledMatmul(w, gy, x, gvalues);
        else sparse.sampled(w, gy, x, gvalues);
    }

    @Override public void sparseLinearBackward(SparsityPattern w, Tensor values, Tensor gy, Tensor x, Tensor gx,
                                               Tensor gv, Tensor gb) {
        if (anyF64(values, gy, x, gx, gv, gb)) {
            reference.sparseLinearBackward(w, values, gy, x, gx, gv, gb);
            return;
        }
        if (gb != null) requireSize("sparseLinearBackward", "gb", gb, w.rows());
        Runnable input = gx == null ? null : () -> sparse.matmulTransposed(w, values, gy, gx);
        Runnable weight = gv == null && gb == null ? null : () -> {
            if (gv != null) sparse.sampled(w, gy, x, gv);
            if (gb != null) sumRows(gy, gb);
        };
        sparse.concurrently((long) w.nnz() * (gy.size() / w.rows()), input, weight);
    }

    @Override public void sparseConv2dForward(ConvGeometry g, SparsityPattern w, Tensor values, Tensor x, Tensor y) {
        if (anyF64(values, x, y)) reference.sparseConv2dForward(g, w, values, x, y);
        else sparse.convForward(g, w, values, x, null, y);
    }

    @Override public void sparseConv2dForwardWithBias(ConvGeometry g, SparsityPattern w, Tensor values, Tensor x,
                                                      Tensor bias, Tensor y) {
        if (anyF64(values, x, bias, y)) {
            reference.sparseConv2dForwardWithBias(g, w, values, x, bias, y);
            return;
        }
        if (bias != null) requireSize("sparseConv2dForwardWithBias", "bias", bias, g.outC());
        sparse.convForward(g, w, values, x, bias, y); // each sum starts at its bias
    }

    @Override public void sparseConv2dBackwardInput(ConvGeometry g, SparsityPattern w, Tensor values, Tensor gy,
                                                    Tensor gx) {
        if (anyF64(values, gy, gx)) reference.sparseConv2dBackwardInput(g, w, values, gy, gx);
        else sparse.convBackwardInput(g, w, values, gy, gx);
    }

    @Override public void sparseConv2dBackwardWeight(ConvGeometry g, SparsityPattern w, Tensor x, Tensor gy,
                                                     Tensor gvalues) {
        if (anyF64(x, gy, gvalues)) reference.sparseConv2dBackwardWeight(g, w, x, gy, gvalues);
        else sparse.convBackwardWeight(g, w, x, gy, gvalues, null);
    }

    @Override public void sparseConv2dBackwardWeightAndBias(ConvGeometry g, SparsityPattern w, Tensor x, Tensor gy,
                                                            Tensor gvalues, Tensor gb) {
        if (anyF64(x, gy, gvalues, gb)) {
            reference.sparseConv2dBackwardWeightAndBias(g, w, x, gy, gvalues, gb);
            return;
        }
        if (gb != null) requireSize("sparseConv2dBackwardWeightAndBias", "gb", gb, g.outC());
        sparse.convBackwardWeight(g, w, x, gy, gvalues, gb); // gb right after each channel's dot products
    }
}
