package org.sparsetrain.rigl;

import org.sparsetrain.engine.optim.Optimizer;
import org.sparsetrain.engine.sparse.ExecutionMode;

/**
 * The scheduler's view of one masked weight: which positions are active, their values and their
 * gradients, and the one mutation a topology change needs. The scheduler talks only to this
 * interface, so the representation behind it can change: {@link MaskedLayer} keeps a dense weight
 * tensor with exact zeros at inactive positions and a boolean mask (masked execution); a later
 * {@link CompressedLayer} keeps only the active values (sparse execution) and the dense gradient on request.
 *
 * <p>Indices are flat row-major indices of the weight in its PyTorch layout (spec §0).
 */
public interface SparseLayer {

    /** The weight layer this mask belongs to. */
    WeightLayer layer();

    default String name() {
        return layer().name();
    }

    /** Number of weights, active or not. */
    int numel();

    /** Number of active weights. */
    int nnz();

    boolean isActive(int flatIndex);

    /** A copy of the mask. */
    boolean[] mask();

    /** The weight values (exact 0 at inactive positions), a copy. */
    float[] weights();

    /**
     * The gradient of the loss with respect to the masked weight, {@code ∂L/∂(W⊙M)}, at every
     * position (nonzero at inactive ones), a copy; {@code null} when the layer took no part in the
     * last backward pass. Must be read before {@link #maskGradient()}.
     */
    float[] denseGradient();

    /** Zeroes the gradient at inactive positions, so the optimizer only sees {@code M ⊙ ∂L/∂(W⊙M)}. */
    void maskGradient();

    /**
     * Replaces the mask. Every position whose state changes gets weight 0: grown positions start
     * at zero (the reference's {@code grow_init='zeros'}), dropped positions are cleared; the optimizer's
     * state follows (zero at grown positions, kept where the position stays active).
     */
    void setMask(boolean[] newMask, Optimizer optimizer);

    /** How the layer runs: {@link ExecutionMode#MASKED} or {@link ExecutionMode#SPARSE}. */
    ExecutionMode mode();

    /** The first inactive position holding a nonzero weight, or −1 when the invariant holds. */
    int firstNonzeroInactive();
}
