package org.sparsetrain.engine.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SparsityPatternTest {

    private static boolean[] randomMask(int n, double density, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i++) m[i] = r.nextDouble() < density;
        return m;
    }

    @Test void csrAndTransposeListTheMaskPositions() {
        boolean[] mask = randomMask(7 * 11, 0.3, 1);
        SparsityPattern p = SparsityPattern.fromMask(mask, 7, 11);
        assertArrayEquals(mask, p.toMask());
        int[] flat = p.flatIndices();
        for (int q = 0; q < flat.length; q++) {
            assertTrue(mask[flat[q]]);
            if (q > 0) assertTrue(flat[q] > flat[q - 1], "positions ascend");
            assertEquals(flat[q], p.flatIndex(q));
            assertEquals(q, p.positionOf(flat[q]));
        }
        for (int f = 0; f < mask.length; f++) if (!mask[f]) assertEquals(-1, p.positionOf(f));
        // the transposed index lists each position once, column by column, rows ascending
        boolean[] seen = new boolean[p.nnz()];
        for (int c = 0; c < 11; c++) {
            for (int q = p.colPtr()[c]; q < p.colPtr()[c + 1]; q++) {
                int pos = p.perm()[q];
                assertEquals(p.rowIdxT()[q] * 11 + c, p.flatIndex(pos));
                if (q > p.colPtr()[c]) assertTrue(p.rowIdxT()[q] > p.rowIdxT()[q - 1]);
                seen[pos] = true;
            }
        }
        for (boolean s : seen) assertTrue(s);
    }

    @Test void emptyRowsAndColumnsAreHandled() {
        boolean[] mask = new boolean[4 * 3];
        mask[2 * 3 + 1] = true; // one weight in row 2, column 1
        SparsityPattern p = SparsityPattern.fromMask(mask, 4, 3);
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, p.rowPtr());
        assertArrayEquals(new int[] {0, 0, 1, 1}, p.colPtr());
        assertEquals(7, p.flatIndex(0));
    }

    @Test void sourcesMapKeptPositionsAndMarkGrownOnes() {
        SparsityPattern old = SparsityPattern.fromFlatIndices(new int[] {0, 3, 5, 9}, 2, 5);
        SparsityPattern next = SparsityPattern.fromFlatIndices(new int[] {1, 3, 9, 8}, 2, 5);
        // next positions: flat 1 (new), 3 (old pos 1), 8 (new), 9 (old pos 3)
        assertArrayEquals(new int[] {-1, 1, -1, 3}, next.sourcesIn(old));
    }

    @Test void gatherAndScatterAreInverseOnActivePositions() {
        boolean[] mask = randomMask(30, 0.5, 3);
        SparsityPattern p = SparsityPattern.fromMask(mask, 5, 6);
        float[] dense = new float[32];
        for (int i = 0; i < dense.length; i++) dense[i] = i + 0.5f;
        float[] v = new float[p.nnz()];
        p.gather(dense, 2, v, 0);
        float[] back = new float[32];
        p.scatter(v, 0, back, 2);
        for (int f = 0; f < 30; f++) assertEquals(mask[f] ? dense[2 + f] : 0f, back[2 + f]);
    }

    @Test void badInputIsRejectedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparsityPattern.fromMask(new boolean[5], 2, 3))
                .getMessage().contains("expected 2x3 = 6"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SparsityPattern.fromFlatIndices(new int[] {1, 1}, 2, 3)).getMessage().contains("listed twice"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SparsityPattern.fromCsr(2, 3, new int[] {0, 2, 2}, new int[] {2, 1})).getMessage()
                .contains("not strictly ascending"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SparsityPattern.fromCsr(2, 3, new int[] {0, 1}, new int[] {0})).getMessage()
                .contains("expected 3"));
    }
}
