package org.sparsetrain.kernels.cuda;

import static org.sparsetrain.kernels.cuda.launch.KernelArg.f32;
import static org.sparsetrain.kernels.cuda.launch.KernelArg.i32;
import static org.sparsetrain.kernels.cuda.launch.KernelArg.i64;
import static org.sparsetrain.kernels.cuda.launch.KernelArg.ints;
import static org.sparsetrain.kernels.cuda.launch.KernelArg.ptr;

import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.backend.UnaryOp;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.kernels.cuda.driver.CudaRuntime;
import org.sparsetrain.kernels.cuda.launch.GemmMapping;
import org.sparsetrain.kernels.cuda.launch.Grid;
import org.sparsetrain.kernels.cuda.memory.DeviceBuffer;
import org.sparsetrain.kernels.cuda.residency.DeviceMirrors;

/**
 * The GPU backend: dense GEMM (and convolution, as im2col + GEMM per group) through cuBLAS, everything else
 * through our kernels ({@code src/main/cuda}). {@code F32} only; calls with {@code F64} tensors go to the
 * reference backend, as in the SIMD backend.
 *
 * <p>Engine tensors are host arrays, so every call goes through {@link DeviceMirrors}: inputs are uploaded only
 * if the host copy changed since the device last saw it, outputs are downloaded after the call (see the class
 * comment there and kernels-cuda/README.md for what that costs). Calls are serialised; each ends with one stream
 * synchronisation.
 */
public final class CudaBackend implements Backend, AutoCloseable {
    private static final Backend REF = Backends.reference();

    private final CudaRuntime rt;
    private final DeviceMirrors mirrors;

    CudaBackend(CudaRuntime runtime) {
        this.rt = runtime;
        this.mirrors = runtime.mirrors();
    }

    @Override public String name() { return "cuda"; }

    /** One stream; the thread count of the engine does not apply. */
    @Override public int threads() { return 1; }

    /** The device this backend runs on, for the start-up line and run manifests. */
    public String device() { return rt.device().toString(); }

    CudaRuntime runtime() { return rt; }

    /** Blocks obtained from cuMemAlloc so far: flat across repeated training steps when the cache works. */
    public long allocatorRawAllocations() { return rt.allocatorStats().rawAllocations(); }

    /**
     * Sets the device bytes host-array mirrors may hold (what {@code -Dsparsetrain.cuda.mirrorBytes} sets at start);
     * returns the previous budget.
     */
    public synchronized long mirrorBudget(long bytes) { return mirrors.budget(bytes); }

    /** Device bytes the host-array mirrors hold now. */
    public synchronized long mirroredBytes() { return mirrors.mirroredBytes(); }

    /** The caching allocator's counters (raw allocations should stay flat across training steps). */
    public String memoryReport() { return rt.allocatorStats().toString(); }

    // ------------------------------------------------------------------ residency helpers

    private long in(Tensor t) { return mirrors.input(t.floats(), t.offset(), t.size()); }

    private long out(Tensor t) { return mirrors.output(t.floats(), t.offset(), t.size()); }

    private long inOut(Tensor t) { return mirrors.inputOutput(t.floats(), t.offset(), t.size()); }

    private static boolean f64(Tensor... ts) {
        for (Tensor t : ts) if (t != null && t.dtype() == DType.F64) return true;
        return false;
    }

    private void finish() { mirrors.finishCall(); }

    // ------------------------------------------------------------------ dense linear algebra

    @Override public synchronized void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                            Tensor a, Tensor b, double beta, Tensor c) {
        if (f64(a, b, c)) {
            REF.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
            return;
        }
        CudaChecks.gemm(m, n, k, a, b, c);
        rt.enter();   // sizes are >= 1 here: engine shapes have no empty dimension, CudaChecks verified the counts
        long pa = in(a), pb = in(b);
        long pc = beta == 0 ? out(c) : inOut(c);
        rt.sgemm(GemmMapping.of(transA, transB, m, n, k), (float) alpha, pa, pb, (float) beta, pc);
        finish();
    }

    // ------------------------------------------------------------------ elementwise

    @Override public synchronized void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (f64(a, b, out)) {
            REF.binary(op, a, b, out);
            return;
        }
        CudaChecks.sameSize("binary " + op, a, b, out);
        rt.enter();
        long pa = in(a), pb = in(b), po = out(out);
        rt.launch("elementwise", "binary_f32", Grid.elementwise(a.size()), i32(op.ordinal()), ptr(pa), ptr(pb), ptr(po),
                i64(a.size()));
        finish();
    }

    @Override public synchronized void unary(UnaryOp op, Tensor a, Tensor out) {
        if (f64(a, out)) {
            REF.unary(op, a, out);
            return;
        }
        CudaChecks.sameSize("unary " + op, a, out);
        rt.enter();
        long pa = in(a), po = out(out);
        rt.launch("elementwise", "unary_f32", Grid.elementwise(a.size()), i32(op.ordinal()), ptr(pa), ptr(po), i64(a.size()));
        finish();
    }

    @Override public synchronized void axpy(double alpha, Tensor x, Tensor y) {
        if (f64(x, y)) {
            REF.axpy(alpha, x, y);
            return;
        }
        CudaChecks.sameSize("axpy", x, y);
        rt.enter();
        long px = in(x), py = inOut(y);
        rt.launch("elementwise", "axpy_f32", Grid.elementwise(x.size()), f32(alpha), ptr(px), ptr(py), i64(x.size()));
        finish();
    }

    @Override public synchronized void affine(Tensor a, double alpha, double beta, Tensor out) {
        if (f64(a, out)) {
            REF.affine(a, alpha, beta, out);
            return;
        }
        CudaChecks.sameSize("affine", a, out);
        rt.enter();
        long pa = in(a), po = out(out);
        rt.launch("elementwise", "affine_f32", Grid.elementwise(a.size()), ptr(pa), f32(alpha), f32(beta), ptr(po), i64(a.size()));
        finish();
    }

    @Override public synchronized void reluBackward(Tensor x, Tensor gy, Tensor gx) {
        if (f64(x, gy, gx)) {
            REF.reluBackward(x, gy, gx);
            return;
        }
        CudaChecks.sameSize("reluBackward", x, gy, gx);
        rt.enter();
        long px = in(x), pg = in(gy), po = out(gx);
        rt.launch("elementwise", "relu_backward_f32", Grid.elementwise(x.size()), ptr(px), ptr(pg), ptr(po), i64(x.size()));
        finish();
    }

    @Override public synchronized double sum(Tensor a) {
        if (f64(a)) return REF.sum(a);
        if (a.size() == 0) return 0;
        rt.enter();
        Grid grid = Grid.elementwise(a.size());
        double[] result = new double[1];
        try (DeviceBuffer partial = rt.scratch((long) grid.blocksX() * Double.BYTES);
             DeviceBuffer total = rt.scratch(Double.BYTES)) {
            long pa = in(a);
            rt.launch("reduce", "sum_partial_f32", grid, ptr(pa), ptr(partial.address()), i64(a.size()));
            rt.launch("reduce", "sum_final_f64", new Grid(1, 1, Grid.BLOCK), ptr(partial.address()), ptr(total.address()),
                    i32(grid.blocksX()));
            rt.transfers().download(total.address(), result, 0, 1);
            finish();
        }
        return result[0];
    }

    // ------------------------------------------------------------------ row-broadcast helpers

    @Override public synchronized void addRowBias(Tensor x, Tensor bias, Tensor out) {
        if (f64(x, bias, out)) {
            REF.addRowBias(x, bias, out);
            return;
        }
        int cols = CudaChecks.rows("addRowBias", x, bias.size());
        CudaChecks.sameSize("addRowBias", x, out);
        rt.enter();
        long px = in(x), pb = in(bias), po = out(out);
        rt.launch("elementwise", "add_row_bias_f32", Grid.elementwise(x.size()), ptr(px), ptr(pb), ptr(po), i64(cols),
                i64(x.size()));
        finish();
    }

    @Override public synchronized void sumRows(Tensor x, Tensor out) {
        if (f64(x, out)) {
            REF.sumRows(x, out);
            return;
        }
        int cols = CudaChecks.rows("sumRows", x, out.size());
        rt.enter();
        long px = in(x), po = out(out);
        rt.launch("reduce", "sum_rows_f32", Grid.perRow(out.size()), ptr(px), ptr(po), i32(out.size()), i64(cols));
        finish();
    }

    // ------------------------------------------------------------------ convolution: im2col + cuBLAS per group

    @Override public synchronized void conv2dForward(ConvGeometry g, Tensor x, Tensor w, Tensor y) {
        if (f64(x, w, y)) {
            REF.conv2dForward(g, x, w, y);
            return;
        }
        CudaChecks.conv("conv2dForward", g, x, w, y);
        rt.enter();
        long px = in(x), pw = in(w), py = out(y);
        ConvPlan p = new ConvPlan(g);
        try (DeviceBuffer cols = p.pointwise ? null : rt.scratch(p.colsBytes())) {
            for (int grp = 0; grp < g.groups(); grp++) {
                long b = p.pointwise ? px + p.xGroupOffset(grp) : im2col(p, px + p.xGroupOffset(grp), cols.address());
                rt.sgemm(GemmMapping.of(false, false, p.coG, p.positions, p.taps), 1f, pw + p.wGroupOffset(grp), b, 0f,
                        py + p.yGroupOffset(grp));
            }
        }
        finish();
    }

    @Override public synchronized void conv2dBackwardInput(ConvGeometry g, Tensor gy, Tensor w, Tensor gx) {
        if (f64(gy, w, gx)) {
            REF.conv2dBackwardInput(g, gy, w, gx);
            return;
        }
        CudaChecks.conv("conv2dBackwardInput", g, gx, w, gy);
        rt.enter();
        long pgy = in(gy), pw = in(w), pgx = out(gx);
        ConvPlan p = new ConvPlan(g);
        try (DeviceBuffer cols = p.pointwise ? null : rt.scratch(p.colsBytes())) {
            for (int grp = 0; grp < g.groups(); grp++) {
                long target = p.pointwise ? pgx + p.xGroupOffset(grp) : cols.address();
                rt.sgemm(GemmMapping.of(true, false, p.taps, p.positions, p.coG), 1f, pw + p.wGroupOffset(grp),
                        pgy + p.yGroupOffset(grp), 0f, target);
                if (!p.pointwise) {
                    rt.launch("im2col", "col2im_f32", Grid.elementwise(p.groupInputSize()), ints(p.convStruct()),
                            ptr(cols.address()), ptr(pgx + p.xGroupOffset(grp)), i32(p.ciG));
                }
            }
        }
        finish();
    }

    @Override public synchronized void conv2dBackwardWeight(ConvGeometry g, Tensor x, Tensor gy, Tensor gw) {
        if (f64(x, gy, gw)) {
            REF.conv2dBackwardWeight(g, x, gy, gw);
            return;
        }
        CudaChecks.conv("conv2dBackwardWeight", g, x, gw, gy);
        rt.enter();
        long px = in(x), pgy = in(gy), pgw = out(gw);
        ConvPlan p = new ConvPlan(g);
        try (DeviceBuffer cols = p.pointwise ? null : rt.scratch(p.colsBytes())) {
            for (int grp = 0; grp < g.groups(); grp++) {
                long b = p.pointwise ? px + p.xGroupOffset(grp) : im2col(p, px + p.xGroupOffset(grp), cols.address());
                rt.sgemm(GemmMapping.of(false, true, p.coG, p.taps, p.positions), 1f, pgy + p.yGroupOffset(grp), b, 0f,
                        pgw + p.wGroupOffset(grp));
            }
        }
        finish();
    }

    private long im2col(ConvPlan p, long x, long cols) {
        rt.launch("im2col", "im2col_f32", Grid.elementwise((long) p.taps * p.positions), ints(p.convStruct()), ptr(x),
                ptr(cols), i32(p.ciG));
        return cols;
    }

    // ------------------------------------------------------------------ batch norm

    @Override public synchronized void channelMeanVar(Tensor x, Tensor mean, Tensor var) {
        if (f64(x, mean, var)) {
            REF.channelMeanVar(x, mean, var);
            return;
        }
        int m = CudaChecks.rows("channelMeanVar", x, mean.size());
        CudaChecks.sameSize("channelMeanVar", mean, var);
        rt.enter();
        long px = in(x), pm = out(mean), pv = out(var);
        rt.launch("batchnorm", "channel_mean_var_f32", Grid.perRow(mean.size()), ptr(px), ptr(pm), ptr(pv),
                i32(mean.size()), i64(m));
        finish();
    }

    @Override public synchronized void batchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta,
                                                      Tensor y) {
        if (f64(x, mean, invStd, gamma, beta, y)) {
            REF.batchNormApply(x, mean, invStd, gamma, beta, y);
            return;
        }
        int m = CudaChecks.rows("batchNormApply", x, mean.size());
        CudaChecks.sameSize("batchNormApply", x, y);
        rt.enter();
        long px = in(x), pm = in(mean), pi = in(invStd);
        long pg = gamma == null ? 0 : in(gamma), pb = beta == null ? 0 : in(beta);
        long py = out(y);
        rt.launch("batchnorm", "batch_norm_apply_f32", Grid.elementwise(x.size()), ptr(px), ptr(pm), ptr(pi), ptr(pg),
                ptr(pb), ptr(py), i64(m), i64(x.size()));
        finish();
    }

    @Override public synchronized void batchNormBackward(Tensor x, Tensor gy, Tensor mean, Tensor invStd, Tensor gamma,
                                                         Tensor gx, Tensor ggamma, Tensor gbeta) {
        if (f64(x, gy, mean, invStd, gamma, gx, ggamma, gbeta)) {
            REF.batchNormBackward(x, gy, mean, invStd, gamma, gx, ggamma, gbeta);
            return;
        }
        int channels = mean.size();
        int m = CudaChecks.rows("batchNormBackward", x, channels);
        CudaChecks.sameSize("batchNormBackward", x, gy, gx);
        rt.enter();
        long px = in(x), pgy = in(gy), pm = in(mean), pi = in(invStd), pg = gamma == null ? 0 : in(gamma);
        long pgx = out(gx), pgg = out(ggamma), pgb = out(gbeta);
        rt.launch("batchnorm", "batch_norm_backward_f32", Grid.perRow(channels), ptr(px), ptr(pgy), ptr(pm), ptr(pi),
                ptr(pg), ptr(pgx), ptr(pgg), ptr(pgb), i32(channels), i64(m));
        finish();
    }

    // ------------------------------------------------------------------ pooling

    private static int[] pool(PoolGeometry g) {
        return new int[] {g.batch(), g.channels(), g.inH(), g.inW(), g.kH(), g.kW(), g.strideH(), g.strideW(), g.padH(),
                g.padW(), g.outH(), g.outW()};
    }

    @Override public synchronized void maxPool2dForward(PoolGeometry g, Tensor x, Tensor y, int[] argmax) {
        if (f64(x, y)) {
            REF.maxPool2dForward(g, x, y, argmax);
            return;
        }
        CudaChecks.pool("maxPool2dForward", g, x, y, argmax);
        rt.enter();
        long px = in(x), py = out(y), pa = mirrors.output(argmax, 0, y.size());
        rt.launch("pooling", "max_pool_forward_f32", Grid.elementwise(y.size()), ints(pool(g)), ptr(px), ptr(py), ptr(pa),
                i64(y.size()));
        finish();
    }

    @Override public synchronized void maxPool2dBackward(PoolGeometry g, Tensor gy, int[] argmax, Tensor gx) {
        if (f64(gy, gx)) {
            REF.maxPool2dBackward(g, gy, argmax, gx);
            return;
        }
        CudaChecks.pool("maxPool2dBackward", g, gx, gy, argmax);
        rt.enter();
        long pgy = in(gy), pa = mirrors.input(argmax, 0, gy.size()), pgx = out(gx);
        rt.launch("pooling", "max_pool_backward_f32", Grid.elementwise(gx.size()), ints(pool(g)), ptr(pgy), ptr(pa),
                ptr(pgx), i64(gx.size()));
        finish();
    }

    @Override public synchronized void avgPool2dForward(PoolGeometry g, Tensor x, Tensor y) {
        if (f64(x, y)) {
            REF.avgPool2dForward(g, x, y);
            return;
        }
        CudaChecks.pool("avgPool2dForward", g, x, y, null);
        rt.enter();
        long px = in(x), py = out(y);
        rt.launch("pooling", "avg_pool_forward_f32", Grid.elementwise(y.size()), ints(pool(g)), ptr(px), ptr(py),
                i64(y.size()));
        finish();
    }

    @Override public synchronized void avgPool2dBackward(PoolGeometry g, Tensor gy, Tensor gx) {
        if (f64(gy, gx)) {
            REF.avgPool2dBackward(g, gy, gx);
            return;
        }
        CudaChecks.pool("avgPool2dBackward", g, gx, gy, null);
        rt.enter();
        long pgy = in(gy), pgx = out(gx);
        rt.launch("pooling", "avg_pool_backward_f32", Grid.elementwise(gx.size()), ints(pool(g)), ptr(pgy), ptr(pgx),
                i64(gx.size()));
        finish();
    }

    // ------------------------------------------------------------------ log-softmax over [classes][N]

    @Override public synchronized void logSoftmaxForward(Tensor x, Tensor y) {
        if (f64(x, y)) {
            REF.logSoftmaxForward(x, y);
            return;
        }
        int classes = x.dim(0);
        int n = CudaChecks.rows("logSoftmaxForward", x, classes);
        CudaChecks.sameSize("logSoftmaxForward", x, y);
        rt.enter();
        long px = in(x), py = out(y);
        rt.launch("softmax", "log_softmax_forward_f32", Grid.elementwise(n), ptr(px), ptr(py), i32(classes), i64(n));
        finish();
    }

    @Override public synchronized void logSoftmaxBackward(Tensor y, Tensor gy, Tensor gx) {
        if (f64(y, gy, gx)) {
            REF.logSoftmaxBackward(y, gy, gx);
            return;
        }
        int classes = y.dim(0);
        int n = CudaChecks.rows("logSoftmaxBackward", y, classes);
        CudaChecks.sameSize("logSoftmaxBackward", y, gy, gx);
        rt.enter();
        long py = in(y), pgy = in(gy), pgx = out(gx);
        rt.launch("softmax", "log_softmax_backward_f32", Grid.elementwise(n), ptr(py), ptr(pgy), ptr(pgx), i32(classes),
                i64(n));
        finish();
    }

    /** Frees every device resource; the backend cannot be used afterwards. */
    @Override public synchronized void close() { rt.close(); }

    // ------------------------------------------------------------------ sparse weights

    private CudaSparseKernels sparseKernels;

    private CudaSparseKernels sparse() {
        if (sparseKernels == null) sparseKernels = new CudaSparseKernels(this);
        return sparseKernels;
    }

    /** The values by position as one array (the kernels take no offset for them). */
    private static float[] positionValues(Tensor values) {
        float[] v = values.floats();
        return values.offset() == 0 && v.length == values.size() ? v
                : java.util.Arrays.copyOfRange(v, values.offset(), values.offset() + values.size());
    }

    @Override public void sparseMatmul(SparsityPattern w, Tensor values, Tensor x, Tensor y) {
        if (f64(values, x, y)) {
            REF.sparseMatmul(w, values, x, y);
            return;
        }
        sparse().spmm(w.rows(), w.cols(), x.size() / w.cols(), w.rowPtr(), w.colIdx(), positionValues(values), x, 0f, y);
    }

    @Override public void sparseMatmulTransposed(SparsityPattern w, Tensor values, Tensor gy, Tensor gx) {
        if (f64(values, gy, gx)) {
            REF.sparseMatmulTransposed(w, values, gy, gx);
            return;
        }
        float[] v = positionValues(values), vt = new float[w.nnz()];
        int[] perm = w.perm();
        for (int q = 0; q < vt.length; q++) vt[q] = v[perm[q]];
        sparse().spmmTransposed(w.rows(), w.cols(), gy.size() / w.rows(), w.colPtr(), w.rowIdxT(), vt, gy, gx);
    }

    @Override public void sampledMatmul(SparsityPattern w, Tensor gy, Tensor x, Tensor gvalues) {
        if (f64(gy, x, gvalues)) {
            REF.sampledMatmul(w, gy, x, gvalues);
            return;
        }
        float[] dw = new float[w.nnz()];
        sparse().sddmm(w.rows(), w.cols(), x.size() / w.cols(), w.rowPtr(), w.colIdx(), gy, x, dw);
        System.arraycopy(dw, 0, gvalues.floats(), gvalues.offset(), dw.length);
    }

    // The direct sparse convolution has no GPU kernel yet: these run on the reference backend (correct, slow;
    // the host arrays are always current because every call downloads its outputs). Issue 6 names it as remaining.

    @Override public void sparseConv2dForward(ConvGeometry g, SparsityPattern w, Tensor values, Tensor x, Tensor y) {
        REF.sparseConv2dForward(g, w, values, x, y);
    }

    @Override public void sparseConv2dBackwardInput(ConvGeometry g, SparsityPattern w, Tensor values, Tensor gy, Tensor gx) {
        REF.sparseConv2dBackwardInput(g, w, values, gy, gx);
    }

    @Override public void sparseConv2dBackwardWeight(ConvGeometry g, SparsityPattern w, Tensor x, Tensor gy, Tensor gvalues) {
        REF.sparseConv2dBackwardWeight(g, w, x, gy, gvalues);
    }
}
