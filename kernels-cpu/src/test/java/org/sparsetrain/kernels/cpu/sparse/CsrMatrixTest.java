package org.sparsetrain.kernels.cpu.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link CsrMatrix} construction, validation and its transposed index {@link CscIndex}. */
class CsrMatrixTest {

    @Test
    void fromDenseKeepsExactlyTheMaskedPositionsInRowMajorOrder() {
        Random rnd = new Random(1);
        int rows = 7, cols = 13;
        float[] w = new float[rows * cols];
        boolean[] mask = new boolean[rows * cols];
        BitSet bits = new BitSet();
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextFloat() - 0.5f;
            mask[i] = rnd.nextDouble() < 0.3;
            if (mask[i]) bits.set(i);
        }
        CsrMatrix a = CsrMatrix.fromDense(w, mask, rows, cols);
        float[] dense = a.toDense();
        for (int i = 0; i < w.length; i++) assertEquals(mask[i] ? w[i] : 0f, dense[i], "position " + i);
        assertEquals(bits.cardinality(), a.nnz());
        assertEquals(bits.cardinality() / (double) (rows * cols), a.density(), 1e-12);
        CsrMatrix b = CsrMatrix.fromDense(w, bits, rows, cols);
        assertArrayEquals(a.rowPtr(), b.rowPtr());
        assertArrayEquals(a.colIdx(), b.colIdx());
        assertArrayEquals(a.values(), b.values());
        for (int r = 0; r < rows; r++) {
            for (int p = a.rowPtr()[r] + 1; p < a.rowPtr()[r + 1]; p++) assertTrue(a.colIdx()[p - 1] < a.colIdx()[p]);
        }
    }

    @Test
    void valuesAreCopiedNotShared() {
        float[] w = {1, 2, 3, 4};
        CsrMatrix a = CsrMatrix.fromDense(w, new boolean[] {true, false, true, true}, 2, 2);
        w[0] = 99;
        assertEquals(1f, a.values()[0]);
    }

    @Test
    void transposedIndexIsTheCsrOfTheTransposeAndRefreshFollowsValueChanges() {
        Random rnd = new Random(2);
        CsrMatrix a = SparseTestMatrices.random(rnd, 30, 17, 0.2);
        checkTransposed(a);
        // an optimizer step changes the values in place; the CSC copy follows only after a refresh
        float[] v = a.values();
        for (int p = 0; p < v.length; p++) v[p] = v[p] * 3 + 1;
        float[] before = a.transposed().valuesT().clone();
        if (v.length > 0) assertTrue(!java.util.Arrays.equals(before, permuted(a)), "values moved");
        a.refreshTransposedValues();
        checkTransposed(a);
    }

    private static float[] permuted(CsrMatrix a) {
        float[] out = new float[a.nnz()];
        for (int q = 0; q < out.length; q++) out[q] = a.values()[a.transposed().perm()[q]];
        return out;
    }

    /** Every CSC entry is the dense matrix's entry at (rowIdx, column), columns cover all nonzeros, rows ascending. */
    static void checkTransposed(CsrMatrix a) {
        CscIndex t = a.transposed();
        float[] dense = a.toDense();
        assertEquals(a.nnz(), t.nnz());
        assertEquals(0, t.colPtr()[0]);
        assertEquals(a.nnz(), t.colPtr()[a.cols()]);
        int seen = 0;
        for (int c = 0; c < a.cols(); c++) {
            for (int q = t.colPtr()[c]; q < t.colPtr()[c + 1]; q++) {
                int r = t.rowIdx()[q];
                if (q > t.colPtr()[c]) assertTrue(t.rowIdx()[q - 1] < r, "rows ascending in column " + c);
                assertEquals(dense[r * a.cols() + c], t.valuesT()[q], "entry (" + r + ", " + c + ")");
                assertEquals(c, a.colIdx()[t.perm()[q]], "perm points at the same column");
                seen++;
            }
        }
        int nonzeroCells = 0;
        boolean[] mask = new boolean[a.rows() * a.cols()];
        for (int r = 0; r < a.rows(); r++) {
            for (int p = a.rowPtr()[r]; p < a.rowPtr()[r + 1]; p++) mask[r * a.cols() + a.colIdx()[p]] = true;
        }
        for (boolean m : mask) if (m) nonzeroCells++;
        assertEquals(nonzeroCells, seen);
    }

    @Test
    void emptyAndFullMatrices() {
        float[] w = new float[6];
        CsrMatrix empty = CsrMatrix.fromDense(w, new boolean[6], 2, 3);
        assertEquals(0, empty.nnz());
        assertArrayEquals(new int[] {0, 0, 0}, empty.rowPtr());
        assertEquals(0, empty.transposed().colPtr()[3]);
        boolean[] all = new boolean[6];
        java.util.Arrays.fill(all, true);
        CsrMatrix full = CsrMatrix.fromDense(w, all, 2, 3);
        assertEquals(6, full.nnz());
        checkTransposed(full);
    }

    @Test
    void convWeightIsViewedAsOutChannelsByFilter() {
        int co = 3, ci = 2, kh = 3, kw = 2;
        float[] w = new float[co * ci * kh * kw];
        boolean[] mask = new boolean[w.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = i;
            mask[i] = i % 3 == 0;
        }
        CsrMatrix a = CsrMatrix.fromConv(w, mask, co, ci, kh, kw);
        assertEquals(co, a.rows());
        assertEquals(ci * kh * kw, a.cols());
        for (int r = 0; r < co; r++) {
            for (int p = a.rowPtr()[r]; p < a.rowPtr()[r + 1]; p++) {
                assertEquals(r * ci * kh * kw + a.colIdx()[p], (int) a.values()[p]);
            }
        }
    }

    @Test
    void badInputsAreRejectedWithTheirShapes() {
        assertMessage(() -> CsrMatrix.fromDense(new float[5], new boolean[6], 2, 3), "w has length 5");
        assertMessage(() -> CsrMatrix.fromDense(new float[6], new boolean[4], 2, 3), "mask has length 4");
        assertMessage(() -> CsrMatrix.fromDense(new float[6], new boolean[6], 0, 3), "shape must be positive");
        BitSet far = new BitSet();
        far.set(6);
        assertMessage(() -> CsrMatrix.fromDense(new float[6], far, 2, 3), "outside the 2x3 matrix");
        assertMessage(() -> CsrMatrix.of(2, 3, new int[] {0, 1}, new int[] {0}, new float[1]), "rows + 1");
        assertMessage(() -> CsrMatrix.of(2, 3, new int[] {0, 2, 1}, new int[] {0}, new float[1]), "decreases");
        assertMessage(() -> CsrMatrix.of(2, 3, new int[] {0, 1, 2}, new int[] {0, 3}, new float[2]), "outside [0, 3)");
        assertMessage(() -> CsrMatrix.of(1, 3, new int[] {0, 2}, new int[] {2, 1}, new float[2]), "not strictly");
        assertMessage(() -> CsrMatrix.of(1, 3, new int[] {0, 2}, new int[] {0, 1}, new float[1]), "values 1");
        assertMessage(() -> CsrMatrix.of(2, 3, new int[] {0, 1, 1}, new int[] {1}, new float[1]).transposed()
                .refresh(new float[2]), "length 2");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(part), "message '" + ex.getMessage() + "' should contain '" + part + "'");
    }
}
