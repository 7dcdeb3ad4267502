package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sum of a vector's lanes in a fixed order. {@code reduceLanes(ADD)} on floating-point vectors leaves the order of
 * the additions unspecified, and it does differ in practice: the interpreter adds lane by lane, the C2 intrinsic as
 * a tree, so the same kernel gave different last bits before and after it was compiled, and two identical training
 * runs drifted apart. Here the order is a fixed halving tree built from lane-wise operations (each exactly
 * specified), so every execution mode gives the same bits, at the same cost as the intrinsic (log2(lanes) steps).
 */
final class LaneSums {
    private LaneSums() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] FLOAT_HALVES = halves(FS);
    private static final VectorShuffle<Double>[] DOUBLE_HALVES = halves(DS);

    /** Shuffle k brings lane {@code i + h} to lane i, for {@code h = lanes/2, lanes/4, ..., 1}. */
    @SuppressWarnings("unchecked")
    private static <E> VectorShuffle<E>[] halves(VectorSpecies<E> sp) {
        int steps = Integer.numberOfTrailingZeros(sp.length());
        VectorShuffle<E>[] out = new VectorShuffle[steps];
        for (int k = 0, h = sp.length() / 2; k < steps; k++, h /= 2) out[k] = VectorShuffle.iota(sp, h, 1, true);
        return out;
    }

    /** {@code sum_i v[i]}, added as a halving tree: the same bits interpreted or compiled. */
    static float sum(FloatVector v) {
        for (VectorShuffle<Float> s : FLOAT_HALVES) v = v.add(v.rearrange(s));
        return v.lane(0);
    }

    /** The double-precision {@link #sum(FloatVector)}. */
    static double sum(DoubleVector v) {
        for (VectorShuffle<Double> s : DOUBLE_HALVES) v = v.add(v.rearrange(s));
        return v.lane(0);
    }

    /** Lanes per group in a {@link #sum4} result: four groups, one per summed vector. */
    static final int GROUP = Math.max(1, FS.length() / 4);

    // Two-vector shuffles (indices >= lanes select from the second operand) of the transposing reduction. Kernels
    // that use it write the steps of sum4 out in their own loop: a FloatVector passed to a method C2 does not inline
    // is boxed, and sum4 does not get inlined into a large kernel (NodeCountInliningCutoff), which made SDDMM 3x slower.
    static final VectorShuffle<Float> LOW_HALVES = twoSource((i, h) -> i < h ? i : FS.length() + i - h, 2);
    static final VectorShuffle<Float> HIGH_HALVES = twoSource((i, h) -> i < h ? i + h : FS.length() + i, 2);
    static final VectorShuffle<Float> LOW_QUARTERS = twoSource(LaneSums::lowQuarter, 4);
    static final VectorShuffle<Float> HIGH_QUARTERS = twoSource((i, q) -> lowQuarter(i, q) + q, 4);
    /** The in-group halving steps (lane i takes lane i + h of its group), h = GROUP/2 and GROUP/4, where they exist. */
    static final boolean GROUP_STEP_1 = GROUP >= 2, GROUP_STEP_2 = GROUP >= 4;
    static final VectorShuffle<Float> GROUP_HALF_1 = groupHalf(GROUP / 2), GROUP_HALF_2 = groupHalf(GROUP / 4);

    /**
     * The sums of four vectors at once, for kernels that finish four dot products together (SDDMM's
     * {@code SparseRowTiles.dot8Quads} writes these steps out): returns a vector whose lane {@code g·GROUP} holds {@code sum_i v_g[i]} for g = 0..3. Instead
     * of four separate halving trees (4·log2(lanes) shuffles and adds), the first two levels add across the vectors
     * while transposing them (two-source shuffles), and only the last log2(GROUP) levels run inside groups: 2 + 2 + 1
     * + 2·log2(GROUP) shuffles for all four. Every step is an exactly specified lane-wise operation, so the bits do not
     * depend on the execution tier. Needs at least 4 lanes and at most 16 (GROUP <= 4).
     */
    static FloatVector sum4(FloatVector a, FloatVector b, FloatVector c, FloatVector d) {
        FloatVector ab = a.rearrange(LOW_HALVES, b).add(a.rearrange(HIGH_HALVES, b));
        FloatVector cd = c.rearrange(LOW_HALVES, d).add(c.rearrange(HIGH_HALVES, d));
        FloatVector q = ab.rearrange(LOW_QUARTERS, cd).add(ab.rearrange(HIGH_QUARTERS, cd));
        if (GROUP_STEP_1) q = q.add(q.rearrange(GROUP_HALF_1));
        if (GROUP_STEP_2) q = q.add(q.rearrange(GROUP_HALF_2));
        return q;
    }

    private interface LaneMap { int source(int lane, int part); }

    /** A two-source shuffle for lane count L with part size L/divisor. */
    private static VectorShuffle<Float> twoSource(LaneMap map, int divisor) {
        int lanes = FS.length(), part = Math.max(1, lanes / divisor);
        int[] idx = new int[lanes];
        for (int i = 0; i < lanes; i++) idx[i] = lanes >= 4 ? map.source(i, part) : i;
        return VectorShuffle.fromArray(FS, idx, 0);
    }

    /**
     * Second level: ab holds a's partial sums in its low half and b's in its high half (likewise cd). Group g of the
     * result takes, for g = 0..3, the low quarter of: ab's low half, ab's high half, cd's low half, cd's high half.
     */
    private static int lowQuarter(int lane, int quarter) {
        int g = lane / quarter, r = lane % quarter, half = 2 * quarter;
        int src = (g % 2) * half + r;
        return g < 2 ? src : FS.length() + src;
    }

    /** Lane i takes lane i + h of its own group of {@link #GROUP} lanes (itself where that lies outside); identity for h = 0. */
    private static VectorShuffle<Float> groupHalf(int h) {
        int[] idx = new int[FS.length()];
        for (int i = 0; i < idx.length; i++) idx[i] = h > 0 && (i % GROUP) + h < GROUP ? i + h : i;
        return VectorShuffle.fromArray(FS, idx, 0);
    }
}
