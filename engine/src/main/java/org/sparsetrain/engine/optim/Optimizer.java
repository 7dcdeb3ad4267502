package org.sparsetrain.engine.optim;

import java.util.List;
import java.util.Map;

import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Updates a fixed list of parameters from their gradients.
 *
 * <p>Call order per training step: {@link #zeroGrad()}, forward, {@code loss.backward()}, then {@link #step()}.
 * A parameter whose gradient is {@code null} (it took no part in the loss) is skipped by {@code step()} and its
 * state is left untouched, as in PyTorch. A learning-rate schedule is applied by calling
 * {@link #setLearningRate} before {@code step()}.
 */
public interface Optimizer {

    /** The parameters this optimizer updates, in the order given at construction (state-dict indices). */
    List<Parameter> parameters();

    /** Applies one update to every parameter that has a gradient, then increments {@link #steps()}. */
    void step();

    /** Drops the gradient of every parameter (see {@link Parameter#zeroGrad()}). */
    void zeroGrad();

    double learningRate();

    void setLearningRate(double lr);

    /** Number of {@link #step()} calls so far (restored by {@link #loadStateDict}). */
    long steps();

    /**
     * Sets the per-element state of {@code p} (e.g. momentum) to its initial value, zero, at the given flat
     * indices; used when RigL grows a connection so it starts without inherited history. A parameter that has
     * no state yet is left alone.
     *
     * @throws IllegalArgumentException if {@code p} is not one of {@link #parameters()} or an index is out of range
     */
    void resetStateAt(Parameter p, int... flatIndices);

    /**
     * Moves the per-element state of {@code p} after its storage changed shape or order ({@code Parameter.sparsify},
     * {@code densify}, {@code changePattern}): element i of the new storage takes element {@code sources[i]} of the
     * old one, or the initial value (zero) where {@code sources[i] < 0}. A sparse parameter's state is thereby per
     * active position; a topology update remaps every slot here, in one place (design §3). A parameter that has no
     * state yet is left alone.
     *
     * @throws IllegalArgumentException if {@code p} is not one of {@link #parameters()}, or {@code sources} does not
     *                                  have one entry per element of {@code p.data()}
     */
    void remapState(Parameter p, int[] sources);

    /** A copy of the optimizer's state (step count, learning rate, per-parameter buffers) by name. */
    Map<String, Tensor> stateDict();

    /**
     * Restores a {@link #stateDict()} taken from an optimizer of the same kind over parameters of the same shapes.
     * Nothing is changed unless every key and shape checks out.
     */
    void loadStateDict(Map<String, Tensor> state);
}
