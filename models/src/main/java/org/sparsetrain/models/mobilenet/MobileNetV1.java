package org.sparsetrain.models.mobilenet;

import org.sparsetrain.engine.nn.BatchNorm2d;
import org.sparsetrain.engine.nn.Conv2d;
import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.ReLU;
import org.sparsetrain.engine.nn.Sequential;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/** MobileNet-v1 on {@code [C][H][W][N]} inputs; output logits {@code [classes][N]}. */
public final class MobileNetV1 extends Module {
    private final MobileNetV1Config config;
    private final Sequential features;
    private final Linear fc;

    public MobileNetV1(MobileNetV1Config config, Rng rng) {
        this.config = config;
        int[][] blocks = MobileNetV1Config.BLOCKS;
        Module[] layers = new Module[1 + blocks.length];
        int c = config.channels(32);
        layers[0] = new Sequential(new Conv2d(config.inChannels(), c, 3, config.stemStride(), 1, 1, false, rng),
                new BatchNorm2d(c), new ReLU());
        for (int i = 0; i < blocks.length; i++) {
            int out = config.channels(blocks[i][0]), stride = blocks[i][1];
            layers[i + 1] = new Sequential(
                    new Conv2d(c, c, 3, stride, 1, c, false, rng), new BatchNorm2d(c), new ReLU(),   // depthwise
                    new Conv2d(c, out, 1, 1, 0, 1, false, rng), new BatchNorm2d(out), new ReLU()); // pointwise
            c = out;
        }
        features = registerModule("features", new Sequential(layers));
        fc = registerModule("fc", new Linear(c, config.classes(), true, rng));
    }

    public MobileNetV1Config config() { return config; }

    @Override public Tensor forward(Tensor x) {
        return fc.forward(Functional.globalAvgPool(features.forward(x)));
    }
}
