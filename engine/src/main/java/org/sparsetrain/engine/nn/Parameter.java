package org.sparsetrain.engine.nn;

import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * A trainable leaf: a tensor that requires a gradient, owned by a {@link Module}.
 *
 * <p>Composition rather than a {@code Tensor} subclass: {@code Tensor} is final and an autograd value, while a
 * parameter is an identity that optimizers key their state on and that a later sparse representation can
 * replace behind the same object. The wrapped tensor never changes identity: loading a checkpoint or an
 * optimizer step writes into its storage, so graphs and optimizer state that hold it stay valid.
 */
public final class Parameter {
    private final Tensor data;

    /** Takes ownership of {@code data} (not copied) and marks it as requiring a gradient. */
    public Parameter(Tensor data) {
        if (data == null) throw new IllegalArgumentException("Parameter: data must not be null");
        if (!data.isLeaf()) {
            throw new IllegalArgumentException("Parameter: data " + data.shape() + " was produced by '"
                    + data.gradFn().op() + "'; a parameter must be a leaf (pass a copy or detach() it)");
        }
        this.data = data.requiresGradInPlace(true);
    }

    /** A zero-filled parameter. */
    public static Parameter zeros(DType dtype, int... dims) { return new Parameter(Tensor.zeros(dtype, dims)); }

    /** The tensor to use in a forward pass; its gradient accumulates in {@link #grad()}. */
    public Tensor data() { return data; }

    /** The accumulated gradient, or {@code null} before the first backward or after {@link #zeroGrad()}. */
    public Tensor grad() { return data.grad(); }

    /** Drops the gradient (PyTorch's {@code set_to_none}): the next backward allocates a fresh one. */
    public void zeroGrad() { data.setGrad(null); }

    public Shape shape() { return data.shape(); }

    public DType dtype() { return data.dtype(); }

    public int size() { return data.size(); }

    @Override public String toString() { return "Parameter" + data.shape() + " " + data.dtype(); }
}
