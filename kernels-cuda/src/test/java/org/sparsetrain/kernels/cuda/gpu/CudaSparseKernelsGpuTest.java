package org.sparsetrain.kernels.cuda.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.sparsetrain.kernels.cuda.gpu.GpuTestArrays.close;
import static org.sparsetrain.kernels.cuda.gpu.GpuTestArrays.uniformView;

import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.kernels.cpu.simd.ScalarSparseMatmul;
import org.sparsetrain.kernels.cpu.sparse.CsrMatrix;
import org.sparsetrain.kernels.cuda.CudaSparseKernels;
import org.sparsetrain.kernels.cuda.TopKGpuOracle;

/** The GPU sparse family against kernels-cpu's scalar twins (the CPU conformance oracles). Tagged gpu. */
@Tag("gpu")
class CudaSparseKernelsGpuTest {
    private static CudaSparseKernels sparse;

    /** Per test, not per class: a class-level skip shows as "Tests run: 0" in surefire, a per-test one as skipped. */
    @BeforeEach void start() { sparse = new CudaSparseKernels(GpuBackendFixture.backend()); }

    static CsrMatrix randomCsr(SplittableRandom rng, int rows, int cols, double density) {
        float[] w = new float[rows * cols];
        boolean[] mask = new boolean[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextDouble(-1, 1);
            mask[i] = rng.nextDouble() < density;
        }
        return CsrMatrix.fromDense(w, mask, rows, cols);
    }

    @ParameterizedTest(name = "{0}x{1} batch {2} density {3}")
    @CsvSource({"1,1,1,1.0", "300,784,128,0.1", "100,300,1024,0.01", "10,100,17,0.5", "64,64,129,0.0"})
    void spmmTransposedSpmmAndSddmmMatchTheScalarKernels(int rows, int cols, int n, double density) {
        SplittableRandom rng = new SplittableRandom(rows + cols + n);
        CsrMatrix w = randomCsr(rng, rows, cols, density);
        Tensor x = uniformView(rng, -1, 1, cols, n), dy = uniformView(rng, -1, 1, rows, n);

        Tensor y = uniformView(rng, -1, 1, rows, n), yRef = GpuTestArrays.copyView(y);
        ScalarSparseMatmul.spmm(rows, cols, n, w.rowPtr(), w.colIdx(), w.values(), 0, x.floats(), x.offset(), 0.5f,
                yRef.floats(), yRef.offset(), 0, rows);
        sparse.spmm(rows, cols, n, w.rowPtr(), w.colIdx(), w.values(), x, 0.5f, y);
        close("spmm", yRef, y, 1e-5);

        Tensor dx = Tensor.zeros(cols, n), dxRef = Tensor.zeros(cols, n);
        var t = w.transposed();
        ScalarSparseMatmul.spmm(cols, rows, n, t.colPtr(), t.rowIdx(), t.valuesT(), 0, dy.floats(), dy.offset(), 0f,
                dxRef.floats(), 0, 0, cols);
        sparse.spmmTransposed(rows, cols, n, t.colPtr(), t.rowIdx(), t.valuesT(), dy, dx);
        close("spmm transposed", dxRef, dx, 1e-5);

        float[] dw = new float[w.nnz()], dwRef = new float[w.nnz()];
        ScalarSparseMatmul.sddmm(rows, cols, n, w.rowPtr(), w.colIdx(), dy.floats(), dy.offset(), x.floats(), x.offset(),
                dwRef, 0, 0, rows);
        sparse.sddmm(rows, cols, n, w.rowPtr(), w.colIdx(), dy, x, dw);
        close("sddmm", Tensor.of(dwRef.length == 0 ? new float[1] : dwRef, Math.max(1, dwRef.length)),
                Tensor.of(dw.length == 0 ? new float[1] : dw, Math.max(1, dw.length)), 1e-5 * Math.sqrt(n));
    }

    @Test void cscRefreshAfterAValueUpdate() {
        CsrMatrix w = randomCsr(new SplittableRandom(1), 50, 70, 0.2);
        for (int p = 0; p < w.nnz(); p++) w.values()[p] *= -3;
        float[] valuesT = new float[w.nnz()];
        sparse.cscRefresh(w.transposed().perm(), w.values(), valuesT);
        w.refreshTransposedValues();
        assertArrayEquals(w.transposed().valuesT(), valuesT);
    }

    @Test void maskToCsrMatchesTheCpuConstruction() {
        SplittableRandom rng = new SplittableRandom(2);
        int rows = 37, cols = 100;
        float[] w = new float[rows * cols];
        byte[] mask = new byte[rows * cols];
        boolean[] maskB = new boolean[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextDouble(-1, 1);
            maskB[i] = rng.nextDouble() < 0.3;
            mask[i] = (byte) (maskB[i] ? 1 : 0);
        }
        CsrMatrix cpu = CsrMatrix.fromDense(w, maskB, rows, cols);
        var gpu = sparse.maskToCsr(mask, Tensor.of(w, rows, cols), rows, cols);
        assertArrayEquals(cpu.rowPtr(), gpu.rowPtr());
        assertArrayEquals(cpu.colIdx(), gpu.colIdx());
        assertArrayEquals(cpu.values(), gpu.values());
    }

    @ParameterizedTest @CsvSource({"0", "1", "500", "2999", "100000"})
    void growSelectionMatchesTheScalarTwin(long k) {
        SplittableRandom rng = new SplittableRandom(k);
        int n = 30_000;
        byte[] mask = new byte[n];
        float[] grad = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = (byte) (rng.nextDouble() < 0.9 ? 1 : 0);
            grad[i] = rng.nextInt(5) == 0 ? 0.25f : (float) rng.nextGaussian();   // ties included
        }
        assertArrayEquals(TopKGpuOracle.select(mask, grad, k), sparse.selectGrowth(mask, Tensor.of(grad, n), k));
    }
}
