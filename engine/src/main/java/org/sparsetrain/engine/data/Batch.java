package org.sparsetrain.engine.data;

import org.sparsetrain.engine.tensor.Tensor;

/**
 * One mini-batch in the engine's layout: {@code x} is feature-major with the batch innermost
 * ({@code [C][H][W][size]} or {@code [features][size]}), {@code labels} has {@code size} entries.
 *
 * @param index position of this batch within its epoch
 */
public record Batch(Tensor x, int[] labels, int index) {
    public int size() { return labels.length; }
}
