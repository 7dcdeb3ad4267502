package org.sparsetrain.engine.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The tape: {@link #record} attaches a {@link Node} to an op's output, {@link #backward} walks the graph in an
 * iterative topological order (no recursion, so deep nets do not overflow the stack), checks every gradient's
 * shape in one place and accumulates gradients into leaves.
 */
public final class Autograd {
    private Autograd() {}

    /**
     * Records {@code out} as produced by {@code op} from {@code inputs}, if grad mode is on and any input
     * requires a gradient. Returns {@code out}. The backward may read {@code out} (it may have saved it).
     *
     * @throws IllegalStateException if an input was overwritten by an in-place op (its old values are gone)
     */
    public static Tensor record(String op, Tensor out, Backward backward, Tensor... inputs) {
        return record(op, out, backward, true, inputs);
    }

    /**
     * {@link #record} for an op whose backward never reads {@code out}, and whose {@code out} is a fresh array:
     * the next op may then overwrite {@code out} in place ({@link #mayOverwrite}).
     */
    public static Tensor recordOutputFree(String op, Tensor out, Backward backward, Tensor... inputs) {
        return record(op, out, backward, false, inputs);
    }

    /**
     * {@link #recordOutputFree} for a backward that reads {@code savedIndices}, an array from
     * {@link SavedIndexArrays#take} that nothing else refers to: it goes back to the pool when the node is freed
     * (after a backward without {@code retainGraph}), or at once when no node is recorded.
     */
    public static Tensor recordOutputFreeWithIndices(String op, Tensor out, int[] savedIndices, Backward backward,
                                                     Tensor... inputs) {
        Tensor r = record(op, out, backward, false, savedIndices, inputs);
        if (out.gradFn() == null) SavedIndexArrays.giveBack(savedIndices);
        return r;
    }

    private static Tensor record(String op, Tensor out, Backward backward, boolean readsOutput, Tensor... inputs) {
        return record(op, out, backward, readsOutput, null, inputs);
    }

    private static Tensor record(String op, Tensor out, Backward backward, boolean readsOutput, int[] savedIndices,
                                 Tensor... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in != null && in.overwrittenBy() != null) {
                throw new IllegalStateException(op + ": input " + i + " " + in.shape() + " was handed to '"
                        + in.overwrittenBy() + "', which may have overwritten it; use the tensor that op returned");
            }
        }
        if (!GradMode.isEnabled()) return out;
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad()) {
                out.attachGradFn(new Node(op, inputs.clone(), backward, readsOutput, savedIndices));
                for (Tensor t : inputs) if (t != null) t.countRecordedUse();
                return out;
            }
        }
        return out;
    }

    /**
     * True when an in-place op may overwrite {@code x} without changing any gradient: {@code x} is the fresh
     * output of an op whose backward does not read it ({@link #recordOutputFree}) and no recorded op has used it
     * yet, or it is outside any graph and needs no gradient. (Whether the caller still needs the old values is
     * the caller's business: in-place ops say so in their contract.)
     */
    public static boolean mayOverwrite(Tensor x) {
        Node producer = x.gradFn();
        if (producer == null) return !x.requiresGrad();
        return !producer.readsOutput() && x.recordedUses() == 0;
    }

    /** True when ops would record a graph for these inputs. */
    public static boolean needsGraph(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor in : inputs) if (in != null && in.requiresGrad()) return true;
        return false;
    }

    /**
     * Backpropagates {@code seed} (ones for a scalar root when {@code null}) from {@code root} and adds the
     * result to the {@code grad} of every leaf that requires one.
     */
    public static void backward(Tensor root, Tensor seed, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: tensor " + root.shape() + " does not require grad and has no "
                    + "graph (was it computed under GradMode.disabled(), or from tensors without requiresGrad?)");
        }
        if (seed == null) {
            if (root.size() != 1) {
                throw new IllegalArgumentException("backward: a seed gradient is needed for a non-scalar root of shape "
                        + root.shape());
            }
            double v = root.item();
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new ArithmeticException("backward: the loss is " + v + (root.gradFn() == null ? ""
                        : " (produced by " + root.gradFn().op() + ")") + "; check the learning rate and the inputs");
            }
            seed = Tensor.zerosLike(root).fill(1.0);
        } else if (!seed.shape().equals(root.shape())) {
            throw new IllegalArgumentException("backward: seed shape " + seed.shape() + " differs from root shape "
                    + root.shape());
        }
        try (var off = GradMode.disabled()) {
            run(root, seed, retainGraph);
        }
    }

    /**
     * A zero-filled tensor for a gradient that a backward function returns. Inside a backward pass its array may
     * come from an earlier gradient of the same size, and is recycled once no gradient refers to it
     * ({@link GradientBuffers}); outside one (a backward function called directly) it is a fresh tensor. Use it
     * only for results that the backward returns, never for scratch it keeps or hands elsewhere (those use
     * {@link Tensor#zeros}).
     */
    public static Tensor newGradient(DType dtype, int... dims) {
        GradientBuffers pass = GradientBuffers.current();
        return pass == null ? Tensor.zeros(dtype, dims) : pass.allocate(dtype, Shape.of(dims), true);
    }

    /** {@link #newGradient} with the dtype and shape of {@code t}. */
    public static Tensor newGradientLike(Tensor t) {
        GradientBuffers pass = GradientBuffers.current();
        return pass == null ? Tensor.zerosLike(t) : pass.allocate(t.dtype(), t.shape(), true);
    }

    /**
     * {@link #newGradient} with arbitrary initial values, for a result that the kernel then overwrites in full
     * (a GEMM with {@code beta = 0}, the sparse kernels, a ReLU backward: the {@code Backend} contracts say which).
     * Saves a pass over the array.
     */
    public static Tensor newGradientToOverwrite(DType dtype, int... dims) {
        GradientBuffers pass = GradientBuffers.current();
        return pass == null ? Tensor.zeros(dtype, dims) : pass.allocate(dtype, Shape.of(dims), false);
    }

    /** {@link #newGradientToOverwrite} with the dtype and shape of {@code t}. */
    public static Tensor newGradientToOverwriteLike(Tensor t) {
        GradientBuffers pass = GradientBuffers.current();
        return pass == null ? Tensor.zerosLike(t) : pass.allocate(t.dtype(), t.shape(), false);
    }

    /**
     * Test support: fill recycled arrays given out by {@link #newGradientToOverwrite} with NaN, so that a kernel
     * that does not overwrite all of its output shows up as NaN gradients (a backend's tests turn it on).
     */
    public static void poisonRecycledGradients(boolean on) { GradientBuffers.poisonReused = on; }

    private static void run(Tensor root, Tensor seed, boolean retainGraph) {
        GradientBuffers pass = GradientBuffers.beginPass();
        try {
            run(root, seed, retainGraph, pass); // null: nested in another pass on this thread, no recycling
        } finally {
            if (pass != null) pass.endPass();
        }
    }

    private static void run(Tensor root, Tensor seed, boolean retainGraph, GradientBuffers buffers) {
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> pending = new IdentityHashMap<>();
        pending.put(root, seed);
        for (Tensor t : order) {
            Tensor g = pending.remove(t);
            if (g == null) continue;
            Node node = t.gradFn();
            if (node == null) {
                accumulateLeaf(t, g, buffers);
                continue;
            }
            Tensor[] inputs = node.inputs();
            Tensor[] grads = node.backward().apply(g);
            if (grads.length != inputs.length) {
                throw new IllegalStateException("backward of '" + node.op() + "' returned " + grads.length
                        + " gradients for " + inputs.length + " inputs");
            }
            // every result counts as a reference until all are placed, so that no array is recycled while a
            // later result (the same tensor for two inputs, or a view) still refers to it
            if (buffers != null) for (Tensor r : grads) if (r != null) buffers.hold(r);
            for (int i = 0; i < inputs.length; i++) {
                Tensor in = inputs[i];
                if (in == null || !in.requiresGrad() || grads[i] == null) continue;
                if (!grads[i].shape().equals(in.shape())) {
                    throw new IllegalStateException("backward of '" + node.op() + "': gradient for input " + i
                            + " has shape " + grads[i].shape() + ", the input has " + in.shape());
                }
                Tensor prev = pending.get(in);
                Tensor next;
                if (prev == null) {
                    next = grads[i];
                } else {
                    next = newGradientToOverwriteLike(prev); // binary() overwrites
                    Backends.get().binary(BinaryOp.ADD, prev, grads[i], next);
                    if (buffers != null) buffers.drop(prev);
                }
                pending.put(in, next);
                if (buffers != null) buffers.hold(next);
            }
            if (buffers != null) {
                for (Tensor r : grads) if (r != null) buffers.drop(r);
                buffers.drop(g);
            }
            if (!retainGraph) node.free();
        }
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g, GradientBuffers buffers) {
        if (leaf.grad() == null) {
            if (g.dtype() == leaf.dtype() && buffers != null && buffers.escape(g)) {
                leaf.setGrad(g); // g was this pass's only reference to its array: the leaf may keep it
                return;
            }
            // Copy: a backward may hand the same tensor to several inputs, or return a saved buffer.
            leaf.setGrad(g.dtype() == leaf.dtype() ? g.copy() : g.to(leaf.dtype()));
        } else {
            Backends.get().axpy(1.0, g.dtype() == leaf.dtype() ? g : g.to(leaf.dtype()), leaf.grad());
        }
        if (buffers != null) buffers.drop(g);
    }

    /** Tensors reachable from {@code root}, each after every tensor that depends on it (root first). */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> postOrder = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.gradFn();
            Tensor[] inputs = node == null ? new Tensor[0] : node.inputs();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad() && visited.add(in)) stack.push(new Object[] {in, 0});
            } else {
                stack.pop();
                postOrder.add(t);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
