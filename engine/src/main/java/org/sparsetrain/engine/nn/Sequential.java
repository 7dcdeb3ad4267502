package org.sparsetrain.engine.nn;

import java.util.ArrayList;
import java.util.List;

import org.sparsetrain.engine.tensor.Tensor;

/** Modules applied in order; children are named {@code 0, 1, 2, ...}, so parameters read {@code 0.weight}. */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) {
        for (Module m : layers) {
            this.layers.add(registerModule(Integer.toString(this.layers.size()), m));
        }
    }

    /** The {@code i}-th layer. */
    public Module get(int i) {
        if (i < 0 || i >= layers.size()) {
            throw new IndexOutOfBoundsException("Sequential: no layer " + i + " among " + layers.size());
        }
        return layers.get(i);
    }

    public int size() { return layers.size(); }

    @Override public Tensor forward(Tensor x) {
        Tensor y = x;
        for (Module m : layers) y = m.forward(y);
        return y;
    }
}
