package org.sparsetrain.rigl;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of a model's Linear and Conv2d weights carry a mask (rigl-spec §1.1). Biases and
 * normalisation parameters are never masked. A layer left out stays dense and is outside the
 * sparsity budget, exactly like an unmasked kernel in the reference.
 *
 * <p>The default, {@link #reference()}, is what the TF reference scripts mask: every Linear and
 * Conv2d weight except a <em>convolutional</em> first layer (CIFAR {@code --prune_first_layer=False},
 * ImageNet {@code --first_layer_sparsity=0}); the MNIST MLP masks all three layers, and its last
 * layer is kept dense by a custom density map, not by this rule.
 *
 * @param firstLayer how the first weight layer (in registration order) is treated
 * @param maskLastLayer false keeps the last weight layer dense
 * @param excluded  names of further layers kept dense (parameter names such as {@code fc2.weight})
 */
public record SparsifiableLayers(FirstLayer firstLayer, boolean maskLastLayer, Set<String> excluded) {

    /** Treatment of the first weight layer. */
    public enum FirstLayer {
        /** Masked like any other layer. */
        MASKED,
        /** Never masked. */
        DENSE,
        /** Never masked when it is a convolution; masked when it is a Linear layer (reference default). */
        DENSE_IF_CONV
    }

    public SparsifiableLayers {
        Objects.requireNonNull(firstLayer, "sparsifiable layers: firstLayer");
        excluded = Set.copyOf(Objects.requireNonNull(excluded, "sparsifiable layers: excluded"));
    }

    /** The reference scripts' rule: all layers except a convolutional first layer. */
    public static SparsifiableLayers reference() {
        return new SparsifiableLayers(FirstLayer.DENSE_IF_CONV, true, Set.of());
    }

    /** Every Linear and Conv2d weight. */
    public static SparsifiableLayers all() {
        return new SparsifiableLayers(FirstLayer.MASKED, true, Set.of());
    }

    /** The same rule with {@code names} also kept dense. */
    public SparsifiableLayers excluding(String... names) {
        Set<String> s = new TreeSet<>(excluded);
        s.addAll(java.util.List.of(names));
        return new SparsifiableLayers(firstLayer, maskLastLayer, s);
    }

    /** True when the layer at {@code index} of {@code count} layers, named {@code name}, gets a mask. */
    boolean masks(int index, int count, String name, boolean conv) {
        if (excluded.contains(name)) return false;
        if (index == 0) {
            if (firstLayer == FirstLayer.DENSE) return false;
            if (firstLayer == FirstLayer.DENSE_IF_CONV && conv) return false;
        }
        return index != count - 1 || maskLastLayer;
    }

    /** One line for logs and the scheduler's table. */
    public String describe() {
        String first = switch (firstLayer) {
            case MASKED -> "first layer masked";
            case DENSE -> "first layer dense";
            case DENSE_IF_CONV -> "first layer dense if it is a convolution";
        };
        return first + ", last layer " + (maskLastLayer ? "masked" : "dense")
                + (excluded.isEmpty() ? "" : ", also dense: " + new TreeSet<>(excluded));
    }
}
