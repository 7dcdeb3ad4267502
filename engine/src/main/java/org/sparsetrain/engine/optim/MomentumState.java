package org.sparsetrain.engine.optim;

import org.sparsetrain.engine.tensor.Tensor;

/**
 * {@link SGD}'s state for one parameter: the momentum buffer, of the parameter's shape and dtype, or
 * {@code null} before the parameter's first update (PyTorch initialises it to the first gradient then).
 * The buffer tensor is live: code that remaps a parameter's positions (RigL) may read and write it.
 */
public final class MomentumState {
    private Tensor buffer;

    MomentumState() {}

    /** The live momentum buffer, or {@code null} if the parameter has not been updated yet. */
    public Tensor buffer() { return buffer; }

    void setBuffer(Tensor b) { this.buffer = b; }

    /** Zeroes the buffer at the given flat indices; no-op before the first update. */
    public void zeroAt(int... flatIndices) {
        if (buffer == null) return;
        for (int i : flatIndices) buffer.setFlat(i, 0.0);
    }
}
