package org.sparsetrain.rigl;

import java.util.Objects;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.optim.Optimizer;
import org.sparsetrain.engine.sparse.ExecutionMode;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Sparse execution of one layer (design §3): the parameter is {@linkplain Parameter#sparsify sparse}, its values
 * and optimizer state exist for active positions only, and the model runs the sparse kernels. Nothing of the
 * dense size lives between steps; the dense views this interface hands out ({@link #mask()}, {@link #weights()},
 * {@link #denseGradient()}) are built on demand, on topology-update steps only.
 *
 * <p>The dense gradient exists only when the scheduler {@linkplain Parameter#requestDenseGradient asked for it}
 * before the backward pass (RigL's grow step, SNFS's statistics); {@link RigL} does that one iteration ahead.
 */
final class CompressedLayer implements SparseLayer {
    private final WeightLayer layer;

    /** Converts the layer's dense (masked) parameter to the sparse form of {@code mask}, remapping optimizer state. */
    CompressedLayer(WeightLayer layer, boolean[] mask, Optimizer optimizer) {
        this.layer = Objects.requireNonNull(layer, "compressed layer: layer");
        Parameter p = layer.weight();
        if (mask.length != p.size()) {
            throw new IllegalArgumentException("compressed layer '" + layer.name() + "': mask has " + mask.length
                    + " entries, the weight " + p.shape() + " has " + p.size());
        }
        int[] src = p.sparsify(pattern(mask));
        optimizer.remapState(p, src);
    }

    /** Back to masked execution: densifies the parameter (optimizer state follows) and returns its mask. */
    boolean[] release(Optimizer optimizer) {
        Parameter p = layer.weight();
        boolean[] mask = p.pattern().toMask();
        int[] src = p.densify();
        optimizer.remapState(p, src);
        return mask;
    }

    private SparsityPattern pattern(boolean[] mask) {
        int rows = layer.weight().shape().dim(0);
        return SparsityPattern.fromMask(mask, rows, mask.length / rows);
    }

    @Override public WeightLayer layer() { return layer; }

    @Override public ExecutionMode mode() { return ExecutionMode.SPARSE; }

    @Override public int numel() { return layer.weight().size(); }

    @Override public int nnz() { return layer.weight().pattern().nnz(); }

    @Override public boolean isActive(int flatIndex) { return layer.weight().pattern().positionOf(flatIndex) >= 0; }

    @Override public boolean[] mask() { return layer.weight().pattern().toMask(); }

    @Override public float[] weights() { return layer.weight().denseCopy().toFloatArray(); }

    @Override public float[] denseGradient() {
        Parameter p = layer.weight();
        Tensor dense = p.denseGradient();
        if (dense != null) return dense.toFloatArray();
        if (p.grad() == null) return null;
        throw new IllegalStateException("RigL: layer '" + layer.name() + "' runs sparse and its last backward pass did "
                + "not produce the dense gradient the grow step needs; call rigl.step() once per iteration, after "
                + "backward, so that it can ask for the dense gradient one iteration ahead");
    }

    @Override public void maskGradient() {
        // the gradient of a sparse parameter exists at active positions only
    }

    @Override public void setMask(boolean[] newMask, Optimizer optimizer) {
        if (newMask.length != numel()) {
            throw new IllegalArgumentException("compressed layer '" + layer.name() + "': new mask has " + newMask.length
                    + " entries, expected " + numel());
        }
        change(pattern(newMask), optimizer);
    }

    private void change(SparsityPattern next, Optimizer optimizer) {
        Parameter p = layer.weight();
        Tensor dense = p.denseGradient();
        int[] src = p.changePattern(next);
        optimizer.remapState(p, src);
        // As in masked execution, where the gradient of this batch is dense: a connection grown before this
        // iteration's optimizer step (SET, SNFS) takes its dense gradient, which RigL requested for the iteration.
        Tensor g = p.grad();
        if (dense != null && g != null) {
            SparsityPattern now = p.pattern();
            for (int q = 0; q < src.length; q++) if (src[q] < 0) g.setFlat(q, dense.getFlat(now.flatIndex(q)));
        }
    }

    @Override public int firstNonzeroInactive() { return -1; }

    /** Ascending flat indices of the active positions (a fresh array). */
    int[] activeFlat() { return layer.weight().pattern().flatIndices(); }

    /** The active weights, aligned with {@link #activeFlat()} (a fresh array). */
    float[] activeWeights() { return layer.weight().data().toFloatArray(); }

    /**
     * Replaces the active set by {@code flat} (ascending, distinct), like {@link #setMask} without a dense mask;
     * grown positions take this batch's dense gradient when it was requested (see {@link #setMask}).
     */
    void setActive(int[] flat, Optimizer optimizer) {
        Parameter p = layer.weight();
        change(SparsityPattern.fromFlatIndices(flat, p.pattern().rows(), p.pattern().cols()), optimizer);
    }
}
