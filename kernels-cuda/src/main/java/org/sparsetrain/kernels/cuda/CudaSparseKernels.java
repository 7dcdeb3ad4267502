package org.sparsetrain.kernels.cuda;

import static org.sparsetrain.kernels.cuda.launch.KernelArg.f32;
import static org.sparsetrain.kernels.cuda.launch.KernelArg.i32;
import static org.sparsetrain.kernels.cuda.launch.KernelArg.i64;
import static org.sparsetrain.kernels.cuda.launch.KernelArg.ptr;

import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.kernels.cuda.driver.CudaRuntime;
import org.sparsetrain.kernels.cuda.launch.Grid;
import org.sparsetrain.kernels.cuda.memory.DeviceBuffer;
import org.sparsetrain.kernels.cuda.residency.DeviceMirrors;

/**
 * The sparse family on the GPU with the semantics of kernels-cpu's {@code SparseKernels} (which are the test
 * oracles): CSR SpMM, transposed SpMM through the CSC index, values-aligned SDDMM, the CSC value refresh, the
 * grow step's top-k over masked dense gradients, and the CSR rebuild from a mask. Index arrays and values are
 * host arrays mirrored like tensors ({@link DeviceMirrors}): after the first call an unchanged index costs one
 * host-side comparison, no copy.
 *
 * <p>These are not yet behind the engine's {@code Backend} interface (its sparse methods are being added);
 * they take the same arguments as the CPU kernels so that the binding is mechanical. Masks are {@code byte[]}
 * (0 inactive, 1 active), row-major {@code [rows][cols]}.
 */
public final class CudaSparseKernels {
    private final CudaBackend backend;
    private final CudaRuntime rt;
    private final DeviceMirrors mirrors;

    public CudaSparseKernels(CudaBackend backend) {
        this.backend = backend;
        this.rt = backend.runtime();
        this.mirrors = rt.mirrors();
    }

    /** {@code Y = beta·Y + W·X}, W {@code [rows][cols]} in CSR, X {@code [cols][n]}, Y {@code [rows][n]}. */
    public void spmm(int rows, int cols, int n, int[] rowPtr, int[] colIdx, float[] values, Tensor x, float beta, Tensor y) {
        synchronized (backend) {
            SparseChecks.csr("spmm", rows, cols, rowPtr, colIdx, values.length);
            SparseChecks.dense("spmm", "x", x, cols, n);
            SparseChecks.dense("spmm", "y", y, rows, n);
            rt.enter();
            int nnz = rowPtr[rows];
            long pr = mirrors.input(rowPtr, 0, rows + 1), pc = mirrors.input(colIdx, 0, nnz), pv = mirrors.input(values, 0, nnz);
            long px = mirrors.input(x.floats(), x.offset(), x.size());
            long py = beta == 0 ? mirrors.output(y.floats(), y.offset(), y.size()) : mirrors.inputOutput(y.floats(), y.offset(), y.size());
            rt.launch("sparse_matmul", "csr_spmm_f32", Grid.spmm(rows, n), i32(rows), i64(n), ptr(pr), ptr(pc), ptr(pv),
                    ptr(px), f32(beta), ptr(py));
            mirrors.finishCall();
        }
    }

    /**
     * {@code dX = Wᵀ·dY} through W's CSC index ({@code colPtr [cols+1]}, {@code rowIdx}, {@code valuesT}, refreshed
     * since W's values changed): the SpMM kernel on the transposed matrix. dY {@code [rows][n]}, dX {@code [cols][n]}.
     */
    public void spmmTransposed(int rows, int cols, int n, int[] colPtr, int[] rowIdx, float[] valuesT, Tensor dy, Tensor dx) {
        spmm(cols, rows, n, colPtr, rowIdx, valuesT, dy, 0f, dx);
    }

    /** {@code valuesT[q] = values[perm[q]]}: the CSC copy of the values after an optimizer step. */
    public void cscRefresh(int[] perm, float[] values, float[] valuesT) {
        synchronized (backend) {
            if (perm.length != values.length || valuesT.length != values.length) {
                throw new IllegalArgumentException("cscRefresh: perm (" + perm.length + "), values (" + values.length
                        + ") and valuesT (" + valuesT.length + ") must have the same length (nnz)");
            }
            if (perm.length == 0) return;
            rt.enter();
            long pp = mirrors.input(perm, 0, perm.length), pv = mirrors.input(values, 0, values.length);
            long pt = mirrors.output(valuesT, 0, valuesT.length);
            rt.launch("sparse_matmul", "csc_refresh_f32", Grid.elementwise(perm.length), ptr(pp), ptr(pv), ptr(pt),
                    i64(perm.length));
            mirrors.finishCall();
        }
    }

    /** {@code dw[p] = dY[i][:]·X[j][:]} for every nonzero {@code p = (i, j)} of the CSR pattern. */
    public void sddmm(int rows, int cols, int n, int[] rowPtr, int[] colIdx, Tensor dy, Tensor x, float[] dw) {
        synchronized (backend) {
            SparseChecks.csr("sddmm", rows, cols, rowPtr, colIdx, dw.length);
            SparseChecks.dense("sddmm", "dy", dy, rows, n);
            SparseChecks.dense("sddmm", "x", x, cols, n);
            int nnz = rowPtr[rows];
            if (nnz == 0) return;
            rt.enter();
            long pr = mirrors.input(rowPtr, 0, rows + 1), pc = mirrors.input(colIdx, 0, nnz);
            long pdy = mirrors.input(dy.floats(), dy.offset(), dy.size()), px = mirrors.input(x.floats(), x.offset(), x.size());
            long pw = mirrors.output(dw, 0, nnz);
            rt.launch("sparse_matmul", "sddmm_f32", Grid.perRow(rows), i32(rows), i64(n), ptr(pr), ptr(pc), ptr(pdy),
                    ptr(px), ptr(pw));
            mirrors.finishCall();
        }
    }

    /**
     * The grow step's choice: the {@code k} inactive positions ({@code mask[i] == 0}) with the largest
     * {@code |grad[i]|}, ties to the lowest index; fewer if there are fewer candidates. Returns a 0/1 array.
     */
    public byte[] selectGrowth(byte[] mask, Tensor grad, long k) {
        synchronized (backend) {
            int n = grad.size();
            if (mask.length != n) {
                throw new IllegalArgumentException("selectGrowth: mask has " + mask.length + " entries but grad has " + n);
            }
            byte[] selected = new byte[n];
            if (n == 0) return selected;
            rt.enter();
            Grid chunks = Grid.chunks(n);
            try (DeviceBuffer score = rt.scratch(4L * n); DeviceBuffer count = rt.scratch(Long.BYTES);
                 DeviceBuffer ties = rt.scratch(4L * chunks.blocksX())) {
                long pm = mirrors.input(mask, 0, n), pg = mirrors.input(grad.floats(), grad.offset(), n);
                rt.launch("topk", "grow_scores_f32", Grid.elementwise(n), ptr(pm), ptr(pg), ptr(score.address()), i64(n));
                TopKThreshold.Selection s = TopKThreshold.find(t -> countAtLeast(score.address(), count.address(), t, n), k);
                int[] tieCounts = new int[chunks.blocksX()];
                rt.launch("topk", "count_ties_f32", chunks, ptr(score.address()), f32(s.threshold()), ptr(ties.address()), i64(n));
                rt.transfers().download(ties.address(), tieCounts, 0, tieCounts.length);
                rt.transfers().finish();
                int[] offsets = new int[tieCounts.length];
                for (int b = 1; b < offsets.length; b++) offsets[b] = offsets[b - 1] + tieCounts[b - 1];
                rt.transfers().upload(offsets, 0, offsets.length, ties.address());
                long psel = mirrors.output(selected, 0, n);
                rt.launch("topk", "select_top_f32", chunks, ptr(score.address()), f32(s.threshold()), ptr(ties.address()),
                        i32((int) Math.min(Integer.MAX_VALUE, s.tiesWanted())), ptr(psel), i64(n));
                mirrors.finishCall();
            }
            return selected;
        }
    }

    private long countAtLeast(long score, long count, float threshold, int n) {
        long[] result = new long[1];
        rt.zero(count, Long.BYTES);
        rt.launch("topk", "count_at_least_f32", Grid.elementwise(n), ptr(score), f32(threshold), ptr(count), i64(n));
        rt.transfers().download(count, result, 0, 1);
        rt.transfers().finish();
        return result[0];
    }

    /** CSR arrays of a rebuilt weight matrix. */
    public record Csr(int[] rowPtr, int[] colIdx, float[] values) {}

    /** The CSR of {@code w ⊙ mask} (entries in ascending column order per row), {@code w} and mask {@code [rows][cols]}. */
    public Csr maskToCsr(byte[] mask, Tensor w, int rows, int cols) {
        synchronized (backend) {
            long size = (long) rows * cols;
            if (rows < 1 || cols < 1 || w.size() != size || mask.length != size) {
                throw new IllegalArgumentException("maskToCsr: w has " + w.size() + " elements and mask " + mask.length
                        + ", expected rows*cols = " + rows + "*" + cols + " = " + size);
            }
            rt.enter();
            int[] counts = new int[rows], rowPtr = new int[rows + 1];
            long pm = mirrors.input(mask, 0, mask.length), pw = mirrors.input(w.floats(), w.offset(), w.size());
            Grid warps = new Grid(Math.max(1, Math.min(Grid.MAX_STRIDE_BLOCKS, Math.ceilDiv(rows, Grid.BLOCK / 32))), 1, Grid.BLOCK);
            long pc = mirrors.output(counts, 0, rows), pr = mirrors.output(rowPtr, 0, rows + 1);
            rt.launch("mask_csr", "mask_row_counts", warps, ptr(pm), i32(rows), i32(cols), ptr(pc));
            rt.launch("mask_csr", "rows_exclusive_scan", new Grid(1, 1, 32), ptr(pc), i32(rows), ptr(pr));
            mirrors.finishCall();
            int nnz = rowPtr[rows];
            int[] colIdx = new int[nnz];
            float[] values = new float[nnz];
            if (nnz > 0) {
                long ppr = mirrors.input(rowPtr, 0, rows + 1);
                long pci = mirrors.output(colIdx, 0, nnz), pv = mirrors.output(values, 0, nnz);
                rt.launch("mask_csr", "mask_to_csr_f32", warps, ptr(pm), ptr(pw), i32(rows), i32(cols), ptr(ppr), ptr(pci), ptr(pv));
                mirrors.finishCall();
            }
            return new Csr(rowPtr, colIdx, values);
        }
    }
}
