package org.sparsetrain.kernels.cpu.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the sparse structures and of {@link SparseKernels} over random shapes, densities and batch sizes:
 * SIMD equals SCALAR (bit for bit where both sum in nonzero order) and both equal the dense product of
 * {@code W ⊙ M}; the CSC copy follows value changes after a refresh; partitions are balanced by nonzeros.
 */
class SparseKernelProperties {

    @Property(tries = 120)
    void simdAndScalarAgreeWithTheDenseProduct(@ForAll @IntRange(min = 1, max = 40) int m,
                                               @ForAll @IntRange(min = 1, max = 60) int k,
                                               @ForAll @IntRange(min = 1, max = 150) int n,
                                               @ForAll @DoubleRange(min = 0, max = 1) double density,
                                               @ForAll long seed) {
        Random rnd = new Random(seed);
        CsrMatrix w = SparseTestMatrices.random(rnd, m, k, density);
        float[] wd = w.toDense();
        float[] x = SparseTestMatrices.randomArray(rnd, 1, k * n, 0f);
        float[] dy = SparseTestMatrices.randomArray(rnd, 2, m * n, 0f);

        float[] yv = new float[m * n], ys = new float[m * n];
        SparseKernels.SIMD.spmm(w, x, 1, n, 0f, yv, 0, 0, m);
        SparseKernels.SCALAR.spmm(w, x, 1, n, 0f, ys, 0, 0, m);
        assertArrayEquals(ys, yv);
        assertNear(SparseTestMatrices.matmul(wd, m, k, x, 1, n), yv);

        float[] dxv = new float[k * n], dxs = new float[k * n], dxScatter = new float[k * n];
        SparseKernels.SIMD.spmmTransposed(w, dy, 2, n, dxv, 0, 0, k);
        SparseKernels.SCALAR.spmmTransposed(w, dy, 2, n, dxs, 0, 0, k);
        SparseKernels.SIMD.scatterTransposed(w, dy, 2, n, dxScatter, 0, 0, m);
        assertArrayEquals(dxs, dxv);
        float[] refT = SparseTestMatrices.matmulTransposed(wd, m, k, dy, 2, n);
        assertNear(refT, dxv);
        assertNear(refT, dxScatter);

        float[] dwv = new float[w.nnz()], dws = new float[w.nnz()];
        SparseKernels.SIMD.sddmm(w, dy, 2, x, 1, n, dwv, 0, 0, m);
        SparseKernels.SCALAR.sddmm(w, dy, 2, x, 1, n, dws, 0, 0, m);
        float[] refW = SparseTestMatrices.sampledProduct(w, dy, 2, x, 1, n);
        assertNear(refW, dwv);
        assertNear(refW, dws);
    }

    @Property(tries = 100)
    void transposedValuesFollowAnyValueChangeAfterRefresh(@ForAll @IntRange(min = 1, max = 30) int rows,
                                                         @ForAll @IntRange(min = 1, max = 30) int cols,
                                                         @ForAll @DoubleRange(min = 0, max = 1) double density,
                                                         @ForAll long seed) {
        Random rnd = new Random(seed);
        CsrMatrix w = SparseTestMatrices.random(rnd, rows, cols, density);
        float[] v = w.values();
        for (int p = 0; p < v.length; p++) v[p] = rnd.nextFloat() * 10 - 5;
        w.refreshTransposedValues();
        CsrMatrixTest.checkTransposed(w);
        // round trip through the dense form keeps the structure and values
        boolean[] mask = new boolean[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int p = w.rowPtr()[r]; p < w.rowPtr()[r + 1]; p++) mask[r * cols + w.colIdx()[p]] = true;
        }
        CsrMatrix again = CsrMatrix.fromDense(w.toDense(), mask, rows, cols);
        assertArrayEquals(w.rowPtr(), again.rowPtr());
        assertArrayEquals(w.colIdx(), again.colIdx());
        assertArrayEquals(w.values(), again.values());
    }

    @Property(tries = 300)
    void partitionsCoverAllRowsAndAreBalancedByNonzeros(@ForAll @IntRange(min = 0, max = 200) int rows,
                                                        @ForAll @IntRange(min = 1, max = 9) int parts,
                                                        @ForAll @IntRange(min = 0, max = 50) int maxRowLength,
                                                        @ForAll long seed) {
        Random rnd = new Random(seed);
        int[] rowPtr = new int[rows + 1];
        int longest = 0;
        for (int r = 0; r < rows; r++) {
            // skewed rows: most short, a few long
            int len = rnd.nextInt(10) == 0 ? maxRowLength : rnd.nextInt(maxRowLength / 5 + 1);
            rowPtr[r + 1] = rowPtr[r] + len;
            longest = Math.max(longest, len);
        }
        int[] b = RowPartition.balanced(rowPtr, rows, parts);
        assertEquals(parts + 1, b.length);
        assertEquals(0, b[0]);
        assertEquals(rows, b[parts]);
        int nnz = rowPtr[rows], bound = (nnz + parts - 1) / parts + longest;
        for (int t = 0; t < parts; t++) {
            assertTrue(b[t] <= b[t + 1], "boundaries non-decreasing");
            int partNnz = rowPtr[b[t + 1]] - rowPtr[b[t]];
            assertTrue(partNnz <= bound, "part " + t + " has " + partNnz + " nonzeros, bound " + bound);
        }
    }

    /** Within float rounding of a sum of up to 60 products of magnitude at most 1. */
    private static void assertNear(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), "element " + i);
        }
    }
}
