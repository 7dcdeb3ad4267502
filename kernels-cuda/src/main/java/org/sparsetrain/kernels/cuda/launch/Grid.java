package org.sparsetrain.kernels.cuda.launch;

/**
 * A kernel launch shape: {@code blocksX × blocksY} blocks of {@code threads} threads.
 *
 * <p>The kernels are written for these shapes: elementwise and pooling kernels loop grid-stride (any grid
 * covers any size, so the grid is capped), row kernels take one block per row (also grid-stride over rows),
 * SpMM puts the batch on x and rows on y.
 */
public record Grid(int blocksX, int blocksY, int threads) {
    /** Threads per block of every kernel; the reductions' shared arrays are sized for it ({@code BLOCK} in common.cuh). */
    public static final int BLOCK = 256;
    /** Cap of grid-stride grids: enough blocks to fill any current GPU many times over. */
    public static final int MAX_STRIDE_BLOCKS = 16_384;
    /** The limit of gridDim.y (and of a reasonable grid-stride gridDim.x for row kernels). */
    public static final int MAX_Y = 65_535;
    /** Batch entries per SpMM block. */
    public static final int SPMM_THREADS = 128;

    public Grid {
        if (blocksX < 1 || blocksY < 1 || blocksY > MAX_Y || threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("launch: grid " + blocksX + "x" + blocksY + " of " + threads
                    + " threads is outside CUDA's limits (x >= 1, 1 <= y <= " + MAX_Y + ", 1..1024 threads)");
        }
    }

    /** A grid-stride launch over {@code n} elements ({@code n >= 0}; 0 still launches one block that does nothing). */
    public static Grid elementwise(long n) {
        if (n < 0) throw new IllegalArgumentException("launch: element count must be >= 0, got " + n);
        long blocks = Math.max(1, Math.ceilDiv(n, BLOCK));
        return new Grid((int) Math.min(blocks, MAX_STRIDE_BLOCKS), 1, BLOCK);
    }

    /** One block per row (grid-stride over rows beyond the cap). */
    public static Grid perRow(int rows) {
        if (rows < 0) throw new IllegalArgumentException("launch: row count must be >= 0, got " + rows);
        return new Grid(Math.max(1, Math.min(rows, MAX_Y)), 1, BLOCK);
    }

    /** Exactly one block per {@link #BLOCK} elements (kernels that scan within a block: no grid stride). */
    public static Grid chunks(long n) {
        long blocks = Math.max(1, Math.ceilDiv(n, BLOCK));
        if (blocks > Integer.MAX_VALUE) throw new IllegalArgumentException("launch: " + n + " elements need more than 2^31 blocks");
        return new Grid((int) blocks, 1, BLOCK);
    }

    /** CSR SpMM: the batch {@code n} on x in blocks of {@link #SPMM_THREADS}, rows on y (grid-stride beyond the cap). */
    public static Grid spmm(int rows, long n) {
        long bx = Math.max(1, Math.ceilDiv(n, SPMM_THREADS));
        if (bx > Integer.MAX_VALUE) throw new IllegalArgumentException("launch: batch " + n + " too large for SpMM");
        return new Grid((int) bx, Math.max(1, Math.min(rows, MAX_Y)), SPMM_THREADS);
    }

    /** Number of blocks in the grid. */
    public long blocks() { return (long) blocksX * blocksY; }
}
