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
}
