package org.sparsetrain.engine.ops;

import java.util.Arrays;

import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * NumPy broadcasting (shapes aligned from the right; a dimension of 1 stretches) and its adjoint,
 * {@link #reduceTo}, the one helper every broadcasting op uses for its backward.
 */
public final class Broadcast {
    private Broadcast() {}

    /** The broadcast shape of {@code a} and {@code b}, or an error naming the op and both shapes. */
    public static Shape shape(String op, Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dim(i - (rank - a.rank()));
            int db = i < rank - b.rank() ? 1 : b.dim(i - (rank - b.rank()));
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " cannot be broadcast "
                        + "(dimension " + i + " of the result: " + da + " vs " + db + ")");
            }
            out[i] = Math.max(da, db);
        }
        return Shape.of(out);
    }

    /** For each element of {@code out}, the flat index of the element of {@code in} it reads. */
    static int[] sourceIndex(Shape in, Shape out) {
        int rank = out.rank(), lead = rank - in.rank();
        int[] inStrides = in.strides();
        int[] map = new int[out.size()];
        int[] idx = new int[rank];
        for (int flat = 0; flat < map.length; flat++) {
            int src = 0;
            for (int d = lead; d < rank; d++) {
                if (in.dim(d - lead) != 1) src += idx[d] * inStrides[d - lead];
            }
            map[flat] = src;
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < out.dim(d)) break;
                idx[d] = 0;
            }
        }
        return map;
    }

    /** {@code out[i] = a[mapA[i]] (op) b[mapB[i]]} for broadcast operands (the slow, general path). */
    static void binaryGeneral(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] ma = sourceIndex(a.shape(), out.shape());
        int[] mb = sourceIndex(b.shape(), out.shape());
        for (int i = 0; i < out.size(); i++) out.setFlat(i, op.apply(a.getFlat(ma[i]), b.getFlat(mb[i])));
    }

    /** Sums {@code grad} over the broadcast dimensions so that it has {@code target}'s shape. */
    public static Tensor reduceTo(Tensor grad, Shape target) {
        if (grad.shape().equals(target)) return grad;
        int[] map = sourceIndex(target, grad.shape());
        double[] acc = new double[target.size()];
        for (int i = 0; i < map.length; i++) acc[map[i]] += grad.getFlat(i);
        Tensor out = Tensor.zeros(grad.dtype(), target);
        for (int i = 0; i < acc.length; i++) out.setFlat(i, acc[i]);
        return out;
    }

    static String str(int[] dims) { return Arrays.toString(dims); }
}
