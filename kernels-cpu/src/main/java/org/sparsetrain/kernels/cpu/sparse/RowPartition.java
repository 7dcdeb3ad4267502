package org.sparsetrain.kernels.cpu.sparse;

/**
 * Splits the rows of a compressed matrix into contiguous ranges of about equal nonzeros, one per thread. Balancing
 * by nonzeros rather than rows matters because RigL's layer-wise and ERK distributions, and even a uniform mask's
 * random rows, give rows of unequal length. The split depends only on the structure and the number of parts, so a
 * kernel run over these ranges is deterministic for a given thread count.
 */
public final class RowPartition {
    private RowPartition() {}

    /**
     * Boundaries {@code b[0] = 0 <= b[1] <= ... <= b[parts] = rows}; part t owns rows {@code [b[t], b[t+1])}.
     * Boundary t is the row boundary whose count of nonzeros before it is nearest to {@code t * nnz / parts} (ties to
     * the earlier one), so every part holds at most {@code nnz / parts + (longest row) + 1} nonzeros.
     */
    public static int[] balanced(int[] rowPtr, int rows, int parts) {
        return balanced(rowPtr, rows, 1, parts);
    }

    /**
     * The same over units of {@code unit} consecutive rows (a conv channel is {@code kH*kW} columns of the CSC):
     * boundaries are in units, {@code b[parts] = units}.
     */
    public static int[] balanced(int[] rowPtr, int units, int unit, int parts) {
        if (parts <= 0) throw new IllegalArgumentException("RowPartition: parts must be > 0, got " + parts);
        if (unit <= 0) throw new IllegalArgumentException("RowPartition: unit must be > 0, got " + unit);
        if (units < 0 || rowPtr == null || rowPtr.length < (long) units * unit + 1) {
            throw new IllegalArgumentException("RowPartition: row pointer of length "
                    + (rowPtr == null ? "null" : rowPtr.length) + " does not cover " + units + " units of " + unit);
        }
        long nnz = rowPtr[units * unit] - rowPtr[0];
        int[] b = new int[parts + 1];
        b[parts] = units;
        int u = 0;
        for (int t = 1; t < parts; t++) {
            long target = rowPtr[0] + nnz * t / parts;
            while (u < units && rowPtr[u * unit] < target) u++;
            // u is the first boundary at or past the target; the one before it may be nearer
            b[t] = u > b[t - 1] && target - rowPtr[(u - 1) * unit] <= rowPtr[u * unit] - target ? u - 1 : u;
        }
        return b;
    }
}
