package org.sparsetrain.rigl;

import org.sparsetrain.engine.optim.Optimizer;
import org.sparsetrain.engine.sparse.ExecutionMode;

import java.util.Arrays;
import java.util.Objects;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Masked execution of one layer: the dense weight tensor stays in the model and holds exact zeros
 * at inactive positions, so the forward pass computes {@code W ⊙ M} without knowing about masks
 * and the backward pass yields the dense gradient {@code ∂L/∂(W⊙M)} that RigL grows from.
 */
final class MaskedLayer implements SparseLayer {
    private final WeightLayer layer;
    private final boolean[] mask;
    private int nnz;

    /** Takes the mask as given and zeroes the weights at inactive positions. */
    MaskedLayer(WeightLayer layer, boolean[] mask) {
        this.layer = Objects.requireNonNull(layer, "masked layer: layer");
        if (mask.length != layer.numel()) {
            throw new IllegalArgumentException("masked layer '" + layer.name() + "': mask has " + mask.length
                    + " entries, the weight " + layer.weight().shape() + " has " + layer.numel());
        }
        this.mask = mask.clone();
        this.nnz = count(this.mask);
        float[] w = layer.weight().data().floats();
        int off = layer.weight().data().offset();
        for (int i = 0; i < mask.length; i++) if (!this.mask[i]) w[off + i] = 0f;
    }

    @Override public WeightLayer layer() { return layer; }

    @Override public int numel() { return mask.length; }

    @Override public int nnz() { return nnz; }

    @Override public boolean isActive(int flatIndex) { return mask[flatIndex]; }

    @Override public boolean[] mask() { return mask.clone(); }

    @Override public float[] weights() {
        Tensor t = layer.weight().data();
        return Arrays.copyOfRange(t.floats(), t.offset(), t.offset() + mask.length);
    }

    @Override public float[] denseGradient() {
        Tensor g = layer.weight().grad();
        if (g == null) return null;
        return g.toFloatArray();
    }

    @Override public void maskGradient() {
        if (nnz == mask.length) return;
        Tensor g = layer.weight().grad();
        if (g == null) return;
        float[] a = g.floats();
        int off = g.offset();
        for (int i = 0; i < mask.length; i++) if (!mask[i]) a[off + i] = 0f;
    }

    @Override public ExecutionMode mode() { return ExecutionMode.MASKED; }

    @Override public void setMask(boolean[] newMask, Optimizer optimizer) {
        int[] changed = changeMask(newMask);
        if (changed.length > 0) optimizer.resetStateAt(layer.weight(), changed);
    }

    /** Applies the mask; returns the flat indices whose state changed, ascending. */
    int[] changeMask(boolean[] newMask) {
        if (newMask.length != mask.length) {
            throw new IllegalArgumentException("masked layer '" + layer.name() + "': new mask has " + newMask.length
                    + " entries, expected " + mask.length);
        }
        float[] w = layer.weight().data().floats();
        int off = layer.weight().data().offset();
        int changed = 0;
        for (int i = 0; i < mask.length; i++) if (mask[i] != newMask[i]) changed++;
        int[] out = new int[changed];
        int c = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != newMask[i]) {
                out[c++] = i;
                w[off + i] = 0f;
                mask[i] = newMask[i];
            }
        }
        nnz = count(mask);
        return out;
    }

    @Override public int firstNonzeroInactive() {
        if (nnz == mask.length) return -1;
        float[] w = layer.weight().data().floats();
        int off = layer.weight().data().offset();
        for (int i = 0; i < mask.length; i++) if (!mask[i] && w[off + i] != 0f) return i;
        return -1;
    }

    private static int count(boolean[] m) {
        int c = 0;
        for (boolean b : m) if (b) c++;
        return c;
    }
}
