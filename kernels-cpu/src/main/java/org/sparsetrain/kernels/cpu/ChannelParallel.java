package org.sparsetrain.kernels.cpu;

import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.kernels.cpu.simd.BatchNormKernels;
import org.sparsetrain.kernels.cpu.simd.ConvKernels;
import org.sparsetrain.kernels.cpu.simd.PoolKernels;
import org.sparsetrain.kernels.cpu.simd.SoftmaxKernels;

/**
 * Runs the per-channel image kernels (convolution, batch norm, pooling) and the per-column log-softmax over a
 * {@link WorkPool}: the outer dimension is cut into contiguous ranges, and each kernel computes every element
 * in the same order whatever the range, so results do not depend on the thread count. Small problems run on
 * the caller thread. All tensors are F32 (the backend routes F64 to the reference).
 */
final class ChannelParallel {
    /** Below this many multiply-adds a convolution runs on the caller thread. */
    static final long CONV_PARALLEL_MIN_MACS = 1L << 18;
    /** Below this many elements a per-channel pass runs on the caller thread. */
    static final long PASS_PARALLEL_MIN = 1L << 15;
    /** Log-softmax columns are handed out in multiples of this (one vector of 16 lanes). */
    static final int COLUMN_BLOCK = 16;

    private final WorkPool pool;

    ChannelParallel(WorkPool pool) { this.pool = pool; }

    private void split(int units, long work, long minWork, WorkPool.RangeBody body) {
        if (pool.threads() == 1 || units == 1 || work < minWork) body.run(0, units);
        else pool.forRange(units, body);
    }

    /** {@code bias} may be null. */
    void convForward(ConvGeometry g, Tensor x, Tensor w, Tensor bias, Tensor y) {
        float[] b = bias == null ? null : bias.floats();
        int bOff = bias == null ? 0 : bias.offset();
        split(g.outC(), g.macs(), CONV_PARALLEL_MIN_MACS, (c0, c1) -> ConvKernels.forward(g, x.floats(), x.offset(),
                w.floats(), w.offset(), b, bOff, y.floats(), y.offset(), c0, c1));
    }

    void convBackwardInput(ConvGeometry g, Tensor gy, Tensor w, Tensor gx) {
        split(g.inC(), g.macs(), CONV_PARALLEL_MIN_MACS, (c0, c1) -> ConvKernels.backwardInput(g, gy.floats(), gy.offset(),
                w.floats(), w.offset(), gx.floats(), gx.offset(), c0, c1));
    }

    /** {@code gb} (the bias gradient) may be null. */
    void convBackwardWeight(ConvGeometry g, Tensor x, Tensor gy, Tensor gw, Tensor gb) {
        float[] b = gb == null ? null : gb.floats();
        int bOff = gb == null ? 0 : gb.offset();
        split(g.outC(), g.macs(), CONV_PARALLEL_MIN_MACS, (c0, c1) -> ConvKernels.backwardWeight(g, x.floats(), x.offset(),
                gy.floats(), gy.offset(), gw.floats(), gw.offset(), b, bOff, c0, c1));
    }

    void meanVar(Tensor x, Tensor mean, Tensor var) {
        int channels = mean.size(), m = x.size() / channels;
        split(channels, x.size(), PASS_PARALLEL_MIN, (c0, c1) -> BatchNormKernels.meanVar(x.floats(), x.offset(), channels, m,
                mean.floats(), mean.offset(), var.floats(), var.offset(), c0, c1));
    }

    void batchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y) {
        int channels = mean.size(), m = x.size() / channels;
        split(channels, x.size(), PASS_PARALLEL_MIN, (c0, c1) -> BatchNormKernels.apply(x.floats(), x.offset(), channels, m,
                mean.floats(), mean.offset(), invStd.floats(), invStd.offset(),
                gamma == null ? null : gamma.floats(), gamma == null ? 0 : gamma.offset(),
                beta == null ? null : beta.floats(), beta == null ? 0 : beta.offset(), y.floats(), y.offset(), c0, c1));
    }

    void batchNormBackward(Tensor x, Tensor gy, Tensor mean, Tensor invStd, Tensor gamma, Tensor gx, Tensor ggamma,
                           Tensor gbeta) {
        int channels = mean.size(), m = x.size() / channels;
        split(channels, x.size(), PASS_PARALLEL_MIN, (c0, c1) -> BatchNormKernels.backward(x.floats(), x.offset(),
                gy.floats(), gy.offset(), channels, m, mean.floats(), mean.offset(), invStd.floats(), invStd.offset(),
                gamma == null ? null : gamma.floats(), gamma == null ? 0 : gamma.offset(), gx.floats(), gx.offset(),
                ggamma.floats(), ggamma.offset(), gbeta.floats(), gbeta.offset(), c0, c1));
    }

    void maxPoolForward(PoolGeometry g, Tensor x, Tensor y, int[] argmax) {
        split(g.channels(), y.size(), PASS_PARALLEL_MIN, (c0, c1) -> PoolKernels.maxForward(g, x.floats(), x.offset(),
                y.floats(), y.offset(), argmax, c0, c1));
    }

    void maxPoolBackward(PoolGeometry g, Tensor gy, int[] argmax, Tensor gx) {
        split(g.channels(), gx.size(), PASS_PARALLEL_MIN, (c0, c1) -> PoolKernels.maxBackward(g, gy.floats(), gy.offset(),
                argmax, gx.floats(), gx.offset(), c0, c1));
    }

    void avgPoolForward(PoolGeometry g, Tensor x, Tensor y) {
        split(g.channels(), x.size(), PASS_PARALLEL_MIN, (c0, c1) -> PoolKernels.avgForward(g, x.floats(), x.offset(),
                y.floats(), y.offset(), c0, c1));
    }

    void avgPoolBackward(PoolGeometry g, Tensor gy, Tensor gx) {
        split(g.channels(), gx.size(), PASS_PARALLEL_MIN, (c0, c1) -> PoolKernels.avgBackward(g, gy.floats(), gy.offset(),
                gx.floats(), gx.offset(), c0, c1));
    }

    void logSoftmaxForward(Tensor x, Tensor y) {
        int classes = x.dim(0), n = x.size() / classes;
        columns(n, x.size(), (j0, j1) -> SoftmaxKernels.logSoftmaxForward(x.floats(), x.offset(), classes, n,
                y.floats(), y.offset(), j0, j1));
    }

    void logSoftmaxBackward(Tensor y, Tensor gy, Tensor gx) {
        int classes = y.dim(0), n = y.size() / classes;
        columns(n, y.size(), (j0, j1) -> SoftmaxKernels.logSoftmaxBackward(y.floats(), y.offset(), gy.floats(), gy.offset(),
                classes, n, gx.floats(), gx.offset(), j0, j1));
    }

    /** Splits the {@code n} columns in vector-aligned blocks. */
    private void columns(int n, long work, WorkPool.RangeBody body) {
        int blocks = (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        split(blocks, work, PASS_PARALLEL_MIN, (b0, b1) -> body.run(b0 * COLUMN_BLOCK, Math.min(n, b1 * COLUMN_BLOCK)));
    }
}
