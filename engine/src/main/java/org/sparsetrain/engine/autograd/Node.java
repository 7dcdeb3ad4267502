package org.sparsetrain.engine.autograd;

import org.sparsetrain.engine.tensor.Tensor;

/**
 * One recorded operation on the tape: its name, its inputs and its backward function (which holds whatever
 * the forward saved). After a backward without {@code retainGraph} the node is freed: its backward and saved
 * tensors are dropped and a second backward through it fails with a clear message.
 */
public final class Node {
    private final String op;
    private Tensor[] inputs;
    private Backward backward;
    private final boolean readsOutput;
    /** An array only the backward uses, given back to {@link SavedIndexArrays} when the node is freed; or null. */
    private int[] savedIndices;

    Node(String op, Tensor[] inputs, Backward backward, boolean readsOutput, int[] savedIndices) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
        this.readsOutput = readsOutput;
        this.savedIndices = savedIndices;
    }

    /**
     * False when the backward never reads the op's output (a linear layer saves its input and weight, not its
     * result): then an in-place op may overwrite the output without breaking this node's backward.
     */
    public boolean readsOutput() { return readsOutput; }

    /** Name of the op that produced the tensor, e.g. {@code "matmul"}. */
    public String op() { return op; }

    Tensor[] inputs() {
        if (inputs == null) throw freed();
        return inputs;
    }

    Backward backward() {
        if (backward == null) throw freed();
        return backward;
    }

    boolean isFreed() { return backward == null; }

    void free() {
        backward = null;
        inputs = null;
        if (savedIndices != null) SavedIndexArrays.giveBack(savedIndices);
        savedIndices = null;
    }

    private IllegalStateException freed() {
        return new IllegalStateException("backward: the graph through '" + op + "' was already freed by an earlier "
                + "backward(); call backward(seed, retainGraph=true) the first time to backpropagate twice");
    }
}
