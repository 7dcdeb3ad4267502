package org.sparsetrain.engine.nn;

import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * A trainable leaf: a tensor that requires a gradient, owned by a {@link Module}.
 *
 * <p>Composition rather than a {@code Tensor} subclass: {@code Tensor} is final and an autograd value, while a
 * parameter is an identity that optimizers key their state on and that a sparse representation replaces behind
 * the same object. A dense parameter's tensor never changes identity: loading a checkpoint or an optimizer step
 * writes into its storage, so graphs and optimizer state that hold it stay valid.
 *
 * <p><b>Sparse form</b> (design §3). {@link #sparsify} turns the parameter into a {@link SparsityPattern} plus
 * values for the active positions only: {@link #data()} is then the values tensor {@code [nnz]} (what optimizers
 * update, so their state is per active position too) while {@link #shape()} stays the logical shape. A topology
 * change ({@link #changePattern}) makes a new values tensor; the caller then remaps optimizer state with the
 * same source map ({@code Optimizer.remapState}). Nothing of the dense size is kept, except the gradient at every
 * position when {@linkplain #requestDenseGradient(boolean) requested} for one backward pass (RigL's grow step).
 */
public final class Parameter {
    private final Shape shape;
    private Tensor data;
    private SparsityPattern pattern;
    private boolean denseGradientRequested;
    private Tensor denseGradient;

    /** Takes ownership of {@code data} (not copied) and marks it as requiring a gradient. */
    public Parameter(Tensor data) {
        if (data == null) throw new IllegalArgumentException("Parameter: data must not be null");
        if (!data.isLeaf()) {
            throw new IllegalArgumentException("Parameter: data " + data.shape() + " was produced by '"
                    + data.gradFn().op() + "'; a parameter must be a leaf (pass a copy or detach() it)");
        }
        this.data = data.requiresGradInPlace(true);
        this.shape = data.shape();
    }

    /** A zero-filled parameter. */
    public static Parameter zeros(DType dtype, int... dims) { return new Parameter(Tensor.zeros(dtype, dims)); }

    /**
     * The tensor to use in a forward pass and to update: the weight itself, or for a sparse parameter the values
     * of its active positions ({@code [nnz]}, in {@link SparsityPattern} position order). Its gradient
     * accumulates in {@link #grad()}.
     */
    public Tensor data() { return data; }

    /** The accumulated gradient of {@link #data()}, or {@code null} before the first backward or after {@link #zeroGrad()}. */
    public Tensor grad() { return data.grad(); }

    /** Drops the gradient (PyTorch's {@code set_to_none}), the dense one included. */
    public void zeroGrad() {
        data.setGrad(null);
        denseGradient = null;
    }

    /** The logical shape (the dense weight's, also when sparse). */
    public Shape shape() { return shape; }

    public DType dtype() { return data.dtype(); }

    /** Number of logical elements (active or not). */
    public int size() { return shape.size(); }

    // ---------------------------------------------------------------- sparse form

    /** True when the values are stored for the active positions of {@link #pattern()} only. */
    public boolean isSparse() { return pattern != null; }

    /** The active positions of a sparse parameter, or {@code null} when dense. */
    public SparsityPattern pattern() { return pattern; }

    /**
     * Keeps only the positions of {@code p}: {@link #data()} becomes their values ({@code [nnz]}) gathered from
     * the dense weight, and a gradient present is gathered likewise. The matrix view of the shape is
     * {@code [dim0][size/dim0]} (a conv weight {@code [Co][Ci·kH·kW]}).
     *
     * @return for each position, the flat index it came from (the source map for {@code Optimizer.remapState})
     * @throws IllegalArgumentException if {@code p} does not match the shape or is empty
     * @throws IllegalStateException    if already sparse
     */
    public int[] sparsify(SparsityPattern p) {
        if (pattern != null) throw new IllegalStateException("Parameter " + shape + " is already sparse");
        checkPattern(p);
        Tensor values = gather(p, data);
        Tensor g = data.grad();
        data.setGrad(null);
        data = values.requiresGradInPlace(true);
        if (g != null) data.setGrad(gather(p, g));
        pattern = p;
        denseGradient = null;
        return p.flatIndices();
    }

    /**
     * Back to a dense weight: the values are scattered into zeros of the logical shape (the gradient likewise).
     *
     * @return for each flat index, the position it had in the values or −1 (the source map for
     *         {@code Optimizer.remapState})
     */
    public int[] densify() {
        if (pattern == null) throw new IllegalStateException("Parameter " + shape + " is already dense");
        Tensor dense = scatter(pattern, data, shape);
        Tensor g = data.grad();
        data.setGrad(null);
        data = dense.requiresGradInPlace(true);
        if (g != null) data.setGrad(scatter(pattern, g, shape));
        int[] src = new int[size()];
        java.util.Arrays.fill(src, -1);
        int[] flat = pattern.flatIndices();
        for (int p = 0; p < flat.length; p++) src[flat[p]] = p;
        pattern = null;
        denseGradient = null;
        return src;
    }

    /**
     * Replaces the active positions: position p of {@code next} takes the value (and gradient) of position
     * {@code src[p]} of the current pattern, or 0 where {@code src[p] < 0} (a grown connection starts at zero,
     * the reference's {@code grow_init='zeros'}). Returns the source map, which the caller passes to the
     * optimizer's {@code remapState} so that its state moves the same way (the one place where a topology update
     * remaps slots).
     */
    public int[] changePattern(SparsityPattern next) {
        if (pattern == null) throw new IllegalStateException("Parameter " + shape + " is dense; sparsify it first");
        checkPattern(next);
        int[] src = next.sourcesIn(pattern);
        Tensor values = remap(data, src);
        Tensor g = data.grad();
        Tensor oldValues = data;
        data = values.requiresGradInPlace(true);
        if (g != null) data.setGrad(remap(g, src));
        oldValues.setGrad(null);
        pattern = next;
        denseGradient = null;
        return src;
    }

    /** {@code out[p] = src[p] >= 0 ? t[src[p]] : 0}, a fresh tensor of {@code src.length} elements. */
    public static Tensor remap(Tensor t, int[] src) {
        Tensor out = Tensor.zeros(t.dtype(), src.length);
        for (int p = 0; p < src.length; p++) if (src[p] >= 0) out.setFlat(p, t.getFlat(src[p]));
        return out;
    }

    /** A dense copy of the weight in its logical shape (zeros at inactive positions when sparse). */
    public Tensor denseCopy() {
        return pattern == null ? data.copy() : scatter(pattern, data, shape);
    }

    /**
     * Asks the next backward passes to also produce the gradient at every position, active or not
     * ({@code ∂L/∂(W⊙M)}, what RigL grows from), for a sparse parameter; costs one dense gradient product.
     * Has no effect on a dense parameter, whose gradient is dense anyway.
     */
    public void requestDenseGradient(boolean requested) { this.denseGradientRequested = requested; }

    /** Whether a sparse op must produce the dense gradient ({@link #requestDenseGradient(boolean)}). */
    public boolean denseGradientRequested() { return pattern != null && denseGradientRequested; }

    /** The gradient at every position (logical shape) from the last backward that was asked for it, or null. */
    public Tensor denseGradient() { return denseGradient; }

    /** Adds a dense gradient (called by sparse ops' backward when {@link #denseGradientRequested()}). */
    public void accumulateDenseGradient(Tensor g) {
        if (!g.shape().equals(shape)) {
            throw new IllegalArgumentException("Parameter " + shape + ": dense gradient has shape " + g.shape());
        }
        if (denseGradient == null) {
            denseGradient = g;
        } else {
            for (int i = 0; i < g.size(); i++) denseGradient.setFlat(i, denseGradient.getFlat(i) + g.getFlat(i));
        }
    }

    /** Bytes of the stored values (4 or 8 per stored element) plus the index when sparse. */
    public long storageBytes() {
        long v = (long) data.size() * (data.dtype() == DType.F64 ? 8 : 4);
        return pattern == null ? v : v + pattern.indexBytes();
    }

    private void checkPattern(SparsityPattern p) {
        if (p == null) throw new IllegalArgumentException("Parameter " + shape + ": pattern must not be null");
        int rows = shape.dim(0), cols = shape.size() / rows;
        if (p.rows() != rows || p.cols() != cols) {
            throw new IllegalArgumentException("Parameter " + shape + ": pattern is " + p.rows() + "x" + p.cols()
                    + ", the weight as a matrix is " + rows + "x" + cols);
        }
        if (p.nnz() == 0) {
            throw new IllegalArgumentException("Parameter " + shape + ": a pattern with no active position cannot be "
                    + "stored sparse; keep the layer masked");
        }
    }

    private static Tensor gather(SparsityPattern p, Tensor dense) {
        Tensor out = Tensor.zeros(dense.dtype(), p.nnz());
        if (dense.dtype() == DType.F64) p.gather(dense.doubles(), dense.offset(), out.doubles(), out.offset());
        else p.gather(dense.floats(), dense.offset(), out.floats(), out.offset());
        return out;
    }

    private static Tensor scatter(SparsityPattern p, Tensor values, Shape shape) {
        Tensor out = Tensor.zeros(values.dtype(), shape);
        if (values.dtype() == DType.F64) p.scatter(values.doubles(), values.offset(), out.doubles(), out.offset());
        else p.scatter(values.floats(), values.offset(), out.floats(), out.offset());
        return out;
    }

    @Override public String toString() {
        return "Parameter" + shape + " " + dtype() + (pattern == null ? "" : " sparse nnz=" + pattern.nnz());
    }
}
