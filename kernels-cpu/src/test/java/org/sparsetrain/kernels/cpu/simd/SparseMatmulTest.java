package org.sparsetrain.kernels.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.GUARD;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.assertClose;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.assertGuards;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.guarded;
import static org.sparsetrain.kernels.cpu.simd.KernelTestArrays.slice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparsetrain.kernels.cpu.sparse.CscIndex;
import org.sparsetrain.kernels.cpu.sparse.CsrMatrix;
import org.sparsetrain.kernels.cpu.sparse.RowPartition;
import org.sparsetrain.kernels.cpu.sparse.SparseTestMatrices;

/**
 * {@link SparseMatmul} against its scalar twin (the same bits for SpMM and scatter, rounding for SDDMM) and against
 * dense double-precision products of {@code W ⊙ M}, on non-zero offsets with guard cells, at several densities,
 * shapes and batch sizes around the vector tiles (1, 7, 17, 33, 128 = one 8-vector block, 256 = two, 100 = 4+2
 * vectors and a tail).
 */
class SparseMatmulTest {
    private static final double TOL = 2e-6;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int[][] shapes = {{1, 1}, {7, 13}, {300, 784}};
        for (int[] s : shapes) {
            for (double d : new double[] {0.01, 0.1, 0.5, 1.0}) {
                int[] batches = s[0] == 300 ? new int[] {1, 7, 128} : new int[] {1, 7, 17, 33, 100, 128, 256};
                for (int n : batches) cases.add(Arguments.of(s[0], s[1], d, n));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}x{1} density {2} batch {3}")
    @MethodSource("cases")
    void allKernelsMatchScalarTwinAndDenseReference(int m, int k, double density, int n) {
        Random rnd = new Random(31L * m + 7L * k + n + (long) (density * 1000));
        CsrMatrix w = SparseTestMatrices.random(rnd, m, k, density);
        float[] wd = w.toDense();
        int xOff = 3, yOff = 5, dwOff = 2, vOff = 4;
        float[] shiftedValues = SparseTestMatrices.shifted(w.values(), vOff);
        float[] x = SparseTestMatrices.randomArray(rnd, xOff, k * n, GUARD);
        float[] dy = SparseTestMatrices.randomArray(rnd, yOff, m * n, GUARD);

        // forward, overwrite
        float[] ys = guarded(yOff, m * n), yv = guarded(yOff, m * n);
        ScalarSparseMatmul.spmm(m, k, n, w.rowPtr(), w.colIdx(), shiftedValues, vOff, x, xOff, 0f, ys, yOff, 0, m);
        SparseMatmul.spmm(m, k, n, w.rowPtr(), w.colIdx(), shiftedValues, vOff, x, xOff, 0f, yv, yOff, 0, m);
        assertArrayEquals(ys, yv, "spmm: SIMD and scalar give the same bits");
        assertGuards("spmm", yv, yOff, m * n);
        float[] ref = SparseTestMatrices.matmul(wd, m, k, x, xOff, n);
        assertClose("spmm vs dense", ref, slice(yv, yOff, m * n), TOL);

        // forward with a bias as every row's starting value: SIMD and scalar twin bit for bit, near W X + b
        float[] bias = SparseTestMatrices.randomArray(rnd, 1, m, 0);
        float[] ybs = guarded(yOff, m * n), ybv = guarded(yOff, m * n);
        ScalarSparseMatmul.spmmPlusBias(m, k, n, w.rowPtr(), w.colIdx(), shiftedValues, vOff, x, xOff, 0f, bias, 1, ybs,
                yOff, 0, m);
        SparseMatmul.spmmPlusBias(m, k, n, w.rowPtr(), w.colIdx(), shiftedValues, vOff, x, xOff, 0f, bias, 1, ybv, yOff,
                0, m);
        assertArrayEquals(ybs, ybv, "spmm plus bias: SIMD and scalar give the same bits");
        assertGuards("spmm plus bias", ybv, yOff, m * n);
        float[] refBias = ref.clone();
        for (int i = 0; i < refBias.length; i++) refBias[i] += bias[1 + i / n];
        assertClose("spmm plus bias vs dense", refBias, slice(ybv, yOff, m * n), TOL);

                // forward, accumulate: Y = 0.5 Y + W X
        float[] acc = dy.clone(), accS = dy.clone();
        SparseMatmul.spmm(m, k, n, w.rowPtr(), w.colIdx(), w.values(), 0, x, xOff, 0.5f, acc, yOff, 0, m);
        ScalarSparseMatmul.spmm(m, k, n, w.rowPtr(), w.colIdx(), w.values(), 0, x, xOff, 0.5f, accS, yOff, 0, m);
        assertArrayEquals(accS, acc, "spmm beta: SIMD and scalar");
        float[] refAcc = ref.clone();
        for (int i = 0; i < refAcc.length; i++) refAcc[i] += 0.5f * dy[yOff + i];
        assertClose("spmm beta vs dense", refAcc, slice(acc, yOff, m * n), TOL);

        // input gradient through the CSC copy
        CscIndex t = w.transposed();
        float[] dxv = guarded(xOff, k * n), dxs = guarded(xOff, k * n);
        SparseMatmul.spmm(k, m, n, t.colPtr(), t.rowIdx(), t.valuesT(), 0, dy, yOff, 0f, dxv, xOff, 0, k);
        ScalarSparseMatmul.spmm(k, m, n, t.colPtr(), t.rowIdx(), t.valuesT(), 0, dy, yOff, 0f, dxs, xOff, 0, k);
        assertArrayEquals(dxs, dxv, "CSC spmm: SIMD and scalar");
        assertGuards("CSC spmm", dxv, xOff, k * n);
        float[] refT = SparseTestMatrices.matmulTransposed(wd, m, k, dy, yOff, n);
        assertClose("CSC spmm vs dense Wᵀ·dY", refT, slice(dxv, xOff, k * n), TOL);

        // input gradient scattered from the CSR (accumulates into a zeroed slice)
        float[] scv = guarded(xOff, k * n), scs = guarded(xOff, k * n);
        Arrays.fill(scv, xOff, xOff + k * n, 0f);
        Arrays.fill(scs, xOff, xOff + k * n, 0f);
        SparseMatmul.scatterTransposed(m, k, n, w.rowPtr(), w.colIdx(), w.values(), dy, yOff, scv, xOff, 0, m);
        ScalarSparseMatmul.scatterTransposed(m, k, n, w.rowPtr(), w.colIdx(), w.values(), dy, yOff, scs, xOff, 0, m);
        assertArrayEquals(scs, scv, "scatter: SIMD and scalar");
        assertGuards("scatter", scv, xOff, k * n);
        assertClose("scatter vs dense Wᵀ·dY", refT, slice(scv, xOff, k * n), TOL);

        // weight gradient at the active positions
        float[] dwv = guarded(dwOff, w.nnz()), dws = guarded(dwOff, w.nnz());
        SparseMatmul.sddmm(m, k, n, w.rowPtr(), w.colIdx(), dy, yOff, x, xOff, dwv, dwOff, 0, m);
        ScalarSparseMatmul.sddmm(m, k, n, w.rowPtr(), w.colIdx(), dy, yOff, x, xOff, dws, dwOff, 0, m);
        assertGuards("sddmm", dwv, dwOff, w.nnz());
        float[] refW = SparseTestMatrices.sampledProduct(w, dy, yOff, x, xOff, n);
        assertClose("sddmm vs scalar", slice(dws, dwOff, w.nnz()), slice(dwv, dwOff, w.nnz()), TOL);
        assertClose("sddmm vs dense dY·Xᵀ", refW, slice(dwv, dwOff, w.nnz()), TOL);
    }

    /**
     * SDDMM reduces four nonzeros together, and a row's last one to three in a partial group: every nonzero must get
     * the same bits whatever its neighbours, so that a topology change elsewhere in a row never perturbs a kept
     * weight's gradient. Each nonzero of a 13-nonzero row (three full groups and one of one) is compared with the
     * same product computed alone and in rows of 2, 3 and 5.
     */
    @Test
    void sddmmValueOfANonzeroDoesNotDependOnItsNeighbours() {
        Random rnd = new Random(5);
        int k = 40, n = 128;
        float[] x = SparseTestMatrices.randomArray(rnd, 0, k * n, 0);
        float[] dy = SparseTestMatrices.randomArray(rnd, 0, n, 0);
        int[] cols = {0, 2, 3, 5, 8, 13, 17, 21, 25, 30, 33, 36, 39};
        float[] full = new float[cols.length];
        SparseMatmul.sddmm(1, k, n, new int[] {0, cols.length}, cols, dy, 0, x, 0, full, 0, 0, 1);
        for (int len : new int[] {1, 2, 3, 5}) {
            for (int from = 0; from + len <= cols.length; from++) {
                int[] part = Arrays.copyOfRange(cols, from, from + len);
                float[] got = new float[len];
                SparseMatmul.sddmm(1, k, n, new int[] {0, len}, part, dy, 0, x, 0, got, 0, 0, 1);
                for (int j = 0; j < len; j++) {
                    if (Float.floatToRawIntBits(got[j]) != Float.floatToRawIntBits(full[from + j])) {
                        throw new AssertionError("column " + part[j] + " in a row of " + len + ": " + got[j]
                                + ", in the row of " + cols.length + ": " + full[from + j]);
                    }
                }
            }
        }
    }

    @Test
    void rowRangesSplitByNonzerosGiveTheWholeCallsBits() {
        Random rnd = new Random(5);
        int m = 61, k = 90, n = 40;
        CsrMatrix w = SparseTestMatrices.random(rnd, m, k, 0.2);
        float[] x = SparseTestMatrices.randomArray(rnd, 0, k * n, GUARD);
        float[] dy = SparseTestMatrices.randomArray(rnd, 0, m * n, GUARD);
        float[] whole = new float[m * n], split = new float[m * n];
        float[] dwWhole = new float[w.nnz()], dwSplit = new float[w.nnz()];
        SparseMatmul.spmm(m, k, n, w.rowPtr(), w.colIdx(), w.values(), 0, x, 0, 0f, whole, 0, 0, m);
        SparseMatmul.sddmm(m, k, n, w.rowPtr(), w.colIdx(), dy, 0, x, 0, dwWhole, 0, 0, m);
        int[] b = RowPartition.balanced(w.rowPtr(), m, 3);
        for (int part = 0; part < 3; part++) {
            SparseMatmul.spmm(m, k, n, w.rowPtr(), w.colIdx(), w.values(), 0, x, 0, 0f, split, 0, b[part], b[part + 1]);
            SparseMatmul.sddmm(m, k, n, w.rowPtr(), w.colIdx(), dy, 0, x, 0, dwSplit, 0, b[part], b[part + 1]);
        }
        assertArrayEquals(whole, split);
        assertArrayEquals(dwWhole, dwSplit);
    }

    @Test
    void emptyMatrixWritesZerosOrScalesY() {
        CsrMatrix w = CsrMatrix.fromDense(new float[12], new boolean[12], 3, 4);
        float[] x = new float[4 * 20];
        Arrays.fill(x, 1f);
        float[] y = new float[3 * 20];
        Arrays.fill(y, Float.NaN);
        SparseMatmul.spmm(3, 4, 20, w.rowPtr(), w.colIdx(), w.values(), 0, x, 0, 0f, y, 0, 0, 3);
        assertArrayEquals(new float[60], y, "beta 0 never reads Y (NaN ignored)");
        Arrays.fill(y, 2f);
        SparseMatmul.spmm(3, 4, 20, w.rowPtr(), w.colIdx(), w.values(), 0, x, 0, 0.5f, y, 0, 0, 3);
        float[] ones = new float[60];
        Arrays.fill(ones, 1f);
        assertArrayEquals(ones, y);
    }

    @Test
    void badArgumentsNameTheOpAndShapes() {
        CsrMatrix w = SparseTestMatrices.random(new Random(1), 4, 5, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparseMatmul.spmm(4, 5, 8,
                w.rowPtr(), w.colIdx(), w.values(), 0, new float[5 * 8 - 1], 0, 0f, new float[4 * 8], 0, 0, 4));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("spmm: [k][n] operand (5x8)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparseMatmul.spmm(4, 5, 8, w.rowPtr(), w.colIdx(),
                w.values(), 0, new float[40], 0, 0f, new float[32], 0, 2, 5));
        assertThrows(IllegalArgumentException.class, () -> SparseMatmul.sddmm(4, 5, 8, w.rowPtr(), w.colIdx(),
                new float[32], 0, new float[40], 0, new float[w.nnz() - 1], 0, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> SparseMatmul.spmm(4, 5, 8, new int[3], w.colIdx(),
                w.values(), 0, new float[40], 0, 0f, new float[32], 0, 0, 4));
        IllegalArgumentException shortValues = assertThrows(IllegalArgumentException.class, () -> SparseMatmul.spmm(4,
                5, 8, w.rowPtr(), w.colIdx(), w.values(), 1, new float[40], 0, 0f, new float[32], 0, 0, 4));
        org.junit.jupiter.api.Assertions.assertTrue(shortValues.getMessage().startsWith("spmm: values needs " + w.nnz()
                + " elements from offset 1"), shortValues.getMessage());
    }
}
