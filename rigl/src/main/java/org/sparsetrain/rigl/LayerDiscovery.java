package org.sparsetrain.rigl;

import java.util.ArrayList;
import java.util.List;
import org.sparsetrain.engine.nn.Conv2d;
import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.rigl.distribution.LayerKind;
import org.sparsetrain.rigl.distribution.LayerSpec;

/**
 * Finds the weights a scheduler may mask: the {@code weight} of every {@link Linear} and
 * {@link Conv2d} module, in the model's registration order (that of
 * {@link Module#namedParameters()}), and marks them sparsifiable by a {@link SparsifiableLayers}
 * rule. Only those two module types are considered (spec §10.13: rigl-torch's "any module with a
 * weight" also picks up LayerNorm and embeddings).
 */
final class LayerDiscovery {

    private LayerDiscovery() {}

    static List<WeightLayer> discover(Module model, SparsifiableLayers rule) {
        List<WeightLayer> found = new ArrayList<>();
        collect("", model, found);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("RigL: the model " + model.getClass().getSimpleName()
                    + " has no Linear or Conv2d layer, so there is nothing to sparsify");
        }
        List<String> names = found.stream().map(WeightLayer::name).toList();
        for (String ex : rule.excluded()) {
            if (!names.contains(ex)) {
                throw new IllegalArgumentException("RigL: excluded layer '" + ex + "' is not a Linear/Conv2d weight of "
                        + "the model; its weights are " + names);
            }
        }
        List<WeightLayer> out = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            WeightLayer l = found.get(i);
            boolean masked = rule.masks(i, found.size(), l.name(), l.conv());
            LayerSpec spec = masked ? l.spec() : l.spec().dense();
            out.add(new WeightLayer(l.name(), l.weight(), spec, l.stride(), l.padding(), l.bias(), l.groups()));
        }
        if (out.stream().noneMatch(WeightLayer::masked)) {
            throw new IllegalArgumentException("RigL: no sparsifiable layer among " + names + " under the rule '"
                    + rule.describe() + "'; mask at least one layer");
        }
        return out;
    }

    private static void collect(String prefix, Module m, List<WeightLayer> out) {
        switch (m) {
            case Linear l -> out.add(layer(prefix + "weight", l.weight(), LayerKind.LINEAR, 1, 0, l.bias() != null, 1));
            case Conv2d c -> out.add(layer(prefix + "weight", c.weight(), LayerKind.CONV, c.stride(), c.padding(),
                    c.bias() != null, c.groups()));
            default -> { }
        }
        m.namedChildren().forEach((n, child) -> collect(prefix + n + ".", child, out));
    }

    private static WeightLayer layer(String name, Parameter p, LayerKind kind, int stride, int padding, boolean bias,
                                     int groups) {
        if (p.dtype() != DType.F32) {
            throw new IllegalArgumentException("RigL: weight '" + name + "' is " + p.dtype()
                    + "; masks are kept for the training dtype F32 only");
        }
        LayerSpec spec = new LayerSpec(name, p.shape().dims(), kind, true);
        return new WeightLayer(name, p, spec, stride, padding, bias, groups);
    }
}
