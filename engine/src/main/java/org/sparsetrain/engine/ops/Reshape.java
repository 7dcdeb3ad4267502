package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Same values under another shape of the same size; the result shares storage with the input (a view).
 * One dimension may be -1 (inferred). Derivative: the gradient reshaped back.
 */
public final class Reshape {
    private Reshape() {}

    public static Tensor apply(Tensor x, int... dims) {
        int[] resolved = resolve(x, dims);
        Tensor y = x.viewAs(resolved);
        return Autograd.record("reshape", y, g -> new Tensor[] {g.viewAs(x.shape().dims())}, x);
    }

    private static int[] resolve(Tensor x, int[] dims) {
        int[] out = dims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: only one dimension may be -1, got "
                        + Broadcast.str(dims));
                infer = i;
            } else if (out[i] <= 0) {
                throw new IllegalArgumentException("reshape: dimension " + i + " must be > 0 or -1, got "
                        + Broadcast.str(dims));
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            if (x.size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Broadcast.str(dims) + " for "
                        + x.shape() + " (" + x.size() + " elements)");
            }
            out[infer] = (int) (x.size() / known);
        }
        return out;
    }
}
