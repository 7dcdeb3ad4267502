package org.sparsetrain.rigl;

import java.util.Objects;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.rigl.distribution.LayerKind;
import org.sparsetrain.rigl.distribution.LayerSpec;

/**
 * One Linear or Conv2d weight of a model as the scheduler sees it: the parameter, its
 * {@link LayerSpec} (whose {@code sparsifiable} flag says whether it carries a mask), and the
 * geometry the FLOP counter needs besides the input size.
 *
 * @param name    the parameter's dotted name in the model ({@code fc1.weight}, {@code 0.weight})
 * @param weight  the live parameter
 * @param spec    shape, kind and whether the layer is masked
 * @param stride  convolution stride (1 for Linear)
 * @param padding convolution zero padding per side (0 for Linear)
 * @param bias    whether the layer has a bias (counted in FLOPs and size)
 * @param groups  convolution groups (1 for Linear); the sparse kernels need 1
 */
public record WeightLayer(String name, Parameter weight, LayerSpec spec, int stride, int padding, boolean bias,
                          int groups) {

    public WeightLayer {
        Objects.requireNonNull(name, "weight layer: name");
        Objects.requireNonNull(weight, "weight layer: weight");
        Objects.requireNonNull(spec, "weight layer: spec");
    }

    public boolean conv() {
        return spec.kind() == LayerKind.CONV;
    }

    public boolean masked() {
        return spec.sparsifiable();
    }

    public int numel() {
        return weight.size();
    }
}
