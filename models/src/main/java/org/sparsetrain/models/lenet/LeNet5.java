package org.sparsetrain.models.lenet;

import org.sparsetrain.engine.nn.Conv2d;
import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * LeNet-5 (Caffe). Input {@code [C][28][28][N]}, output logits {@code [classes][N]}. Parameters:
 * {@code conv1.*}, {@code conv2.*}, {@code fc1.*}, {@code fc2.*}.
 */
public final class LeNet5 extends Module {
    private final LeNet5Config config;
    private final Conv2d conv1, conv2;
    private final Linear fc1, fc2;

    public LeNet5(LeNet5Config config, Rng rng) {
        this.config = config;
        int c1 = config.scale(config.conv1()), c2 = config.scale(config.conv2()), f = config.scale(config.fc());
        int s = config.finalSpatial();
        conv1 = registerModule("conv1", new Conv2d(config.inChannels(), c1, 5, 1, 0, 1, true, rng));
        conv2 = registerModule("conv2", new Conv2d(c1, c2, 5, 1, 0, 1, true, rng));
        fc1 = registerModule("fc1", new Linear(c2 * s * s, f, true, rng));
        fc2 = registerModule("fc2", new Linear(f, config.classes(), true, rng));
    }

    public LeNet5Config config() { return config; }

    /**
     * conv, max-pool, ReLU: the Caffe order is conv, ReLU, pool, but ReLU is monotonic, so {@code relu(maxpool(x))}
     * equals {@code maxpool(relu(x))} bit for bit, forward and backward (where a window's maximum is positive both
     * send the gradient to the same cell, else both give zero), and the ReLU then runs on a quarter of the cells.
     * The pools consume the convolution outputs (read by nothing else), whose arrays then hold the next step's.
     */
    @Override public Tensor forward(Tensor x) {
        Tensor h = Functional.reluInPlace(Functional.maxPool2dConsuming(conv1.forward(x), 2, 2, 0));
        h = Functional.reluInPlace(Functional.maxPool2dConsuming(conv2.forward(h), 2, 2, 0));
        h = Functional.reluInPlace(fc1.forward(Functional.flatten(h)));
        return fc2.forward(h);
    }
}
