package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions and row broadcasts over {@code [rows][cols]} float blocks: the full sum, per-row sums (bias
 * gradients) and the per-row bias add. Sums widen every float to double before adding, lane by lane in a
 * fixed order, so they are deterministic and as accurate as the reference's double loop up to reassociation.
 * Twins with the same signatures: {@link ScalarRows}.
 */
public final class SimdRows {
    private SimdRows() {}

    private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DSP = DoubleVector.SPECIES_PREFERRED;
    /** Widening a float vector gives exactly two double vectors (true for every x86/ARM species pair). */
    private static final boolean TWO_HALVES = SP.length() == 2 * DSP.length();

    /** {@code sum(a[off .. off+len))} in double, lanes added in a fixed order. */
    public static double sum(float[] a, int off, int len) {
        if (!TWO_HALVES) return ScalarRows.sum(a, off, len);
        DoubleVector lo = DoubleVector.zero(DSP), hi = DoubleVector.zero(DSP);
        int i = 0;
        for (int bound = SP.loopBound(len); i < bound; i += SP.length()) {
            FloatVector v = FloatVector.fromArray(SP, a, off + i);
            lo = lo.add((DoubleVector) v.convertShape(VectorOperators.F2D, DSP, 0));
            hi = hi.add((DoubleVector) v.convertShape(VectorOperators.F2D, DSP, 1));
        }
        double s = LaneSums.sum(lo.add(hi));
        for (; i < len; i++) s += a[off + i];
        return s;
    }

    /**
     * Doubles per running sum of {@link #addToRunningSum}: {@link #sum}'s two lane accumulators, kept in an array
     * between calls. 0 when {@link #sum} has no lane accumulators on this machine (then there is no running sum).
     */
    public static final int RUNNING_SUM = TWO_HALVES ? 2 * DSP.length() : 0;

    /**
     * {@link #sum} of a row that arrives in pieces (a kernel that reads the row piece by piece for something else):
     * adds {@code a[off .. off+len)} to the running sum at {@code acc[at .. at + RUNNING_SUM)} (zeros to start), with
     * the same additions in the same order as one {@link #sum} of the whole row, provided every piece but the last
     * is a whole number of float vectors ({@code len % lanes() == 0}) and the last one's leftover floats are passed to
     * {@link #finishRunningSum}. Needs {@code RUNNING_SUM > 0}.
     */
    public static void addToRunningSum(float[] a, int off, int len, double[] acc, int at) {
        int d = DSP.length();
        DoubleVector lo = DoubleVector.fromArray(DSP, acc, at), hi = DoubleVector.fromArray(DSP, acc, at + d);
        for (int i = 0, bound = SP.loopBound(len); i < bound; i += SP.length()) {
            FloatVector v = FloatVector.fromArray(SP, a, off + i);
            lo = lo.add((DoubleVector) v.convertShape(VectorOperators.F2D, DSP, 0));
            hi = hi.add((DoubleVector) v.convertShape(VectorOperators.F2D, DSP, 1));
        }
        lo.intoArray(acc, at);
        hi.intoArray(acc, at + d);
    }

    /** The running sum's total, then the row's last {@code a[off .. off+len)} added one by one, as in {@link #sum}. */
    public static double finishRunningSum(double[] acc, int at, float[] a, int off, int len) {
        int d = DSP.length();
        double s = LaneSums.sum(DoubleVector.fromArray(DSP, acc, at).add(DoubleVector.fromArray(DSP, acc, at + d)));
        for (int i = 0; i < len; i++) s += a[off + i];
        return s;
    }

    /** Float lanes per vector: the piece length unit of {@link #addToRunningSum}. */
    public static int lanes() { return SP.length(); }

    /** {@code out[r] = sum_c x[r][c]} for {@code rows} rows of {@code cols} columns. */
    public static void sumRows(float[] x, int xOff, float[] out, int oOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) out[oOff + r] = (float) sum(x, xOff + r * cols, cols);
    }

    /** {@code out[r][c] = x[r][c] + bias[r]}. */
    public static void addRowBias(float[] x, int xOff, float[] bias, int bOff, float[] out, int oOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            float bv = bias[bOff + r];
            FloatVector b = FloatVector.broadcast(SP, bv);
            int row = r * cols, i = 0;
            for (int bound = SP.loopBound(cols); i < bound; i += SP.length()) {
                FloatVector.fromArray(SP, x, xOff + row + i).add(b).intoArray(out, oOff + row + i);
            }
            for (; i < cols; i++) out[oOff + row + i] = x[xOff + row + i] + bv;
        }
    }
}
