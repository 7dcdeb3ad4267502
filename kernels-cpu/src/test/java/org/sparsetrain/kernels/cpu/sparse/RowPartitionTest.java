package org.sparsetrain.kernels.cpu.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link RowPartition}: balanced by nonzeros, not rows. */
class RowPartitionTest {

    @Test
    void oneHeavyRowGetsAPartToItself() {
        // rows of 1, 1, 1, 9, 1, 1, 1, 1 nonzeros (16): an equal split of rows would give parts of 12 and 4 (two
        // parts, which is also the best by nonzeros) and 3 / 10 / 3 for three parts, where the nonzero split isolates
        // the heavy row: 3 / 9 / 4
        int[] rowPtr = {0, 1, 2, 3, 12, 13, 14, 15, 16};
        assertArrayEquals(new int[] {0, 4, 8}, RowPartition.balanced(rowPtr, 8, 2));
        assertArrayEquals(new int[] {0, 3, 4, 8}, RowPartition.balanced(rowPtr, 8, 3));
    }

    @Test
    void morePartsThanRowsAndNoNonzeros() {
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 2}, RowPartition.balanced(new int[] {0, 0, 0}, 2, 5));
        assertArrayEquals(new int[] {0, 1, 1, 2}, RowPartition.balanced(new int[] {0, 5, 10}, 2, 3));
    }

    @Test
    void unitsGroupConsecutiveRows() {
        // 2 channels of 3 columns: channel 0 has 1 nonzero, channel 1 has 5
        int[] colPtr = {0, 1, 1, 1, 3, 5, 6};
        assertArrayEquals(new int[] {0, 1, 2}, RowPartition.balanced(colPtr, 2, 3, 2));
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> RowPartition.balanced(new int[] {0, 1}, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> RowPartition.balanced(new int[] {0, 1}, 2, 1));
    }
}
