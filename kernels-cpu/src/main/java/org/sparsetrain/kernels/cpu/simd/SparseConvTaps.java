package org.sparsetrain.kernels.cpu.simd;

import org.sparsetrain.engine.backend.ConvGeometry;

/**
 * The taps of a direct sparse convolution, copied per call into a blocked order: for each row (an output channel in
 * the forward pass, an input channel for the input gradient) the taps are grouped by blocks of source channels, and
 * within a block keep their index order. Row r's block b is {@code [ptr[r' * (blocks+1) + b], ptr[r' * (blocks+1) + b + 1])}
 * with {@code r' = r - from}. Each tap is a value and a fixed offset into the source buffer.
 *
 * <p>Why blocks: one position reads, for every row, a {@code kH x W} window of each source channel; when all source
 * channels' windows exceed L2 the kernels turn L3-bound (LeNet conv2's input gradient reads a 1 MB window: 50
 * channels x 5 rows x 8 columns x 128 floats; reading them channel by channel instead was 5x slower). Running the positions once per block of channels whose windows fit in
 * {@link #WINDOW_BYTES}, accumulating into the output, keeps the reads in L2 at the cost of one extra load and
 * store of each output row per block. Both twins sum the taps in this same order, so they stay bit-identical.
 */
record SparseConvTaps(int[] offs, float[] vals, int[] ptr, int blocks, int runs) {
    /** Source window of one block: half of a 1 MiB L2, leaving room for the output rows and the taps. */
    static final int WINDOW_BYTES = 512 * 1024;

    /**
     * Start of sub-run {@code run} of block {@code block} of row {@code row} (relative to the first row); run
     * {@code runs} is the block's end. Forward blocks are one run; input-gradient blocks have one run per filter tap
     * {@code ky*kW + kx}, so the taps of a position that land inside the gradient are {@code kH} contiguous runs.
     */
    int at(int row, int block, int run) { return ptr[(row * blocks + block) * (runs + 1) + run]; }
    int start(int row, int block) { return at(row, block, 0); }
    int end(int row, int block) { return at(row, block, runs); }

    /** Channels per block: as few blocks as fit the window, then equal blocks (20 channels as 10 + 10, not 17 + 3). */
    private static int channelsPerBlock(int channels, int windowRowsBytes) {
        int fit = Math.max(1, WINDOW_BYTES / Math.max(1, windowRowsBytes));
        return Math.ceilDiv(channels, Math.ceilDiv(channels, fit));
    }

    /**
     * Forward taps of output channels {@code [coFrom, coTo)}, blocked by input channel, offsets into the padded input;
     * the values of the weight from {@code values[valuesOff]}.
     */
    static SparseConvTaps forward(ConvGeometry g, int[] rowPtr, int[] colIdx, float[] values, int valuesOff,
                                  int coFrom, int coTo) {
        int n = g.batch(), k = g.kH() * g.kW(), hp = SparseConvLayout.paddedH(g), wp = SparseConvLayout.paddedW(g);
        int perBlock = channelsPerBlock(g.inC(), g.kH() * wp * n * Float.BYTES);
        int blocks = Math.ceilDiv(g.inC(), perBlock);
        int count = rowPtr[coTo] - rowPtr[coFrom];
        int[] offs = new int[count], ptr = new int[(coTo - coFrom) * blocks * 2];
        float[] vals = new float[count];
        int t = 0;
        for (int co = coFrom; co < coTo; co++) {
            int i0 = (co - coFrom) * blocks * 2, p = rowPtr[co];
            for (int b = 0; b < blocks; b++) {
                ptr[i0 + 2 * b] = t;
                // columns ascend, and so do their input channels: each block is the next run of the row
                for (; p < rowPtr[co + 1] && colIdx[p] / k < (b + 1) * perBlock; p++) {
                    int ci = colIdx[p] / k, tap = colIdx[p] - ci * k;
                    offs[t] = (ci * hp * wp + (tap / g.kW()) * wp + tap % g.kW()) * n;
                    vals[t++] = values[valuesOff + p];
                }
                ptr[i0 + 2 * b + 1] = t;
            }
        }
        return new SparseConvTaps(offs, vals, ptr, blocks, 1);
    }

    /**
     * Input-gradient taps of input channels {@code [ciFrom, ciTo)} from the transposed index, blocked by output
     * channel, offsets into the dilated gradient ({@link SparseConvLayout#dilateGradient}).
     */
    static SparseConvTaps backwardInput(ConvGeometry g, int[] colPtr, int[] rowIdx, float[] valuesT, int ciFrom, int ciTo) {
        int n = g.batch(), k = g.kH() * g.kW(), dw = SparseConvLayout.dilatedW(g), cell = SparseConvLayout.dilatedCell(g);
        // only the data region of the dilated gradient is read (the kernel skips taps landing in the zero frame)
        int perBlock = channelsPerBlock(g.outC(), g.kH() * ((g.outW() - 1) * g.strideW() + 1) * n * Float.BYTES);
        int blocks = Math.ceilDiv(g.outC(), perBlock);
        int count = colPtr[ciTo * k] - colPtr[ciFrom * k];
        int[] offs = new int[count], ptr = new int[(ciTo - ciFrom) * blocks * (k + 1)], cursor = new int[k];
        float[] vals = new float[count];
        int t = 0;
        for (int ci = ciFrom; ci < ciTo; ci++) {
            System.arraycopy(colPtr, ci * k, cursor, 0, k);
            for (int b = 0; b < blocks; b++) {
                int i0 = ((ci - ciFrom) * blocks + b) * (k + 1);
                int limit = (b + 1) * perBlock;
                for (int tap = 0; tap < k; tap++) {
                    ptr[i0 + tap] = t;
                    int end = colPtr[ci * k + tap + 1];
                    int shift = ((g.kH() - 1 - tap / g.kW()) * dw + g.kW() - 1 - tap % g.kW()) * cell;
                    // rows (output channels) ascend within a column, so each block is the next run of the column
                    for (int q = cursor[tap]; q < end && rowIdx[q] < limit; q++, cursor[tap]++) {
                        offs[t] = rowIdx[q] * n + shift;
                        vals[t++] = valuesT[q];
                    }
                }
                ptr[i0 + k] = t;
            }
        }
        return new SparseConvTaps(offs, vals, ptr, blocks, k);
    }
}
