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
