package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Converts between the public batch-major layout {@code [N, ...]} and the engine's internal feature-major
 * layout {@code [..., N]} (batch innermost, design section 4), once at the model's edges.
 * Both directions are the same permutation (move the first axis last, or the last first), and each is the
 * other's derivative.
 */
public final class Layout {
    private Layout() {}

    /** {@code [N, f1, ..., fk]} to {@code [f1, ..., fk, N]}. */
    public static Tensor toFeatureMajor(Tensor x) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("toFeatureMajor: input must be [N, features...], got shape " + x.shape());
        }
        Tensor y = moveFirstToLast(x);
        return Autograd.record("toFeatureMajor", y, g -> new Tensor[] {moveLastToFirst(g)}, x);
    }

    /** {@code [f1, ..., fk, N]} to {@code [N, f1, ..., fk]}. */
    public static Tensor toBatchMajor(Tensor x) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("toBatchMajor: input must be [features..., N], got shape " + x.shape());
        }
        Tensor y = moveLastToFirst(x);
        return Autograd.record("toBatchMajor", y, g -> new Tensor[] {moveFirstToLast(g)}, x);
    }

    /** A 2-D transpose of {@code [N][F]} (F = product of the other dims) into {@code [F][N]}. */
    static Tensor moveFirstToLast(Tensor x) {
        int[] d = x.shape().dims();
        int n = d[0], f = x.size() / n;
        int[] out = new int[d.length];
        System.arraycopy(d, 1, out, 0, d.length - 1);
        out[d.length - 1] = n;
        return transpose2d(x, n, f, out);
    }

    static Tensor moveLastToFirst(Tensor x) {
        int[] d = x.shape().dims();
        int n = d[d.length - 1], f = x.size() / n;
        int[] out = new int[d.length];
        System.arraycopy(d, 0, out, 1, d.length - 1);
        out[0] = n;
        return transpose2d(x, f, n, out);
    }

    /** {@code out[c][r] = x[r][c]} for x viewed as {@code [rows][cols]}, blocked for cache reuse. */
    private static Tensor transpose2d(Tensor x, int rows, int cols, int[] outDims) {
        Tensor y = Tensor.zeros(x.dtype(), outDims);
        final int block = 32;
        for (int r0 = 0; r0 < rows; r0 += block) {
            for (int c0 = 0; c0 < cols; c0 += block) {
                int r1 = Math.min(rows, r0 + block), c1 = Math.min(cols, c0 + block);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) y.setFlat(c * rows + r, x.getFlat(r * cols + c));
                }
            }
        }
        return y;
    }
}
