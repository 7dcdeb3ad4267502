package org.sparsetrain.models.lenet;

import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * LeNet-300-100. Input: feature-major images {@code [1][28][28][N]} (or already flat {@code [784][N]});
 * output: logits {@code [classes][N]}. Parameters: {@code fc1.weight}, {@code fc1.bias}, ... {@code fc3.bias}.
 */
public final class LeNet300100 extends Module {
    private final LeNet300100Config config;
    private final Linear fc1, fc2, fc3;

    public LeNet300100(LeNet300100Config config, Rng rng) {
        this.config = config;
        int h1 = config.scaledHidden1(), h2 = config.scaledHidden2();
        fc1 = registerModule("fc1", new Linear(config.inputs(), h1, true, rng));
        fc2 = registerModule("fc2", new Linear(h1, h2, true, rng));
        fc3 = registerModule("fc3", new Linear(h2, config.classes(), true, rng));
    }

    public LeNet300100Config config() { return config; }

    @Override public Tensor forward(Tensor x) {
        Tensor h = x.rank() == 2 ? x : Functional.flatten(x);
        h = Functional.reluInPlace(fc1.forward(h));
        h = Functional.reluInPlace(fc2.forward(h));
        return fc3.forward(h);
    }
}
