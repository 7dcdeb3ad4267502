package org.sparsetrain.kernels.cuda.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GridTest {
    @Test void elementwiseGridsCoverSmallSizesExactlyAndCapLargeOnes() {
        assertEquals(new Grid(1, 1, 256), Grid.elementwise(0));
        assertEquals(new Grid(1, 1, 256), Grid.elementwise(256));
        assertEquals(new Grid(2, 1, 256), Grid.elementwise(257));
        assertEquals(Grid.MAX_STRIDE_BLOCKS, Grid.elementwise(10_000_000_000L).blocksX(), "grid-stride kernels cap the grid");
    }

    @Test void rowAndChunkGrids() {
        assertEquals(300, Grid.perRow(300).blocksX());
        assertEquals(Grid.MAX_Y, Grid.perRow(1_000_000).blocksX());
        assertEquals(1, Grid.perRow(0).blocksX());
        assertEquals(4, Grid.chunks(1000).blocksX(), "chunk kernels need exactly ceil(n / 256) blocks");
    }

    @Test void spmmPutsTheBatchOnXAndRowsOnY() {
        Grid g = Grid.spmm(300, 1024);
        assertEquals(8, g.blocksX());
        assertEquals(300, g.blocksY());
        assertEquals(128, g.threads());
        assertEquals(Grid.MAX_Y, Grid.spmm(100_000, 1).blocksY(), "rows beyond 65535 are walked grid-stride");
    }

    @Test void invalidShapesSayWhichLimit() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Grid(1, 70_000, 256));
        assertTrue(e.getMessage().contains("outside CUDA's limits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Grid.elementwise(-1));
        assertThrows(IllegalArgumentException.class, () -> new Grid(1, 1, 2048));
    }
}
