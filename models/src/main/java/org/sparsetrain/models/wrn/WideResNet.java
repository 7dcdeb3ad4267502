package org.sparsetrain.models.wrn;

import org.sparsetrain.engine.nn.BatchNorm2d;
import org.sparsetrain.engine.nn.Conv2d;
import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Sequential;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/** Wide ResNet for CIFAR-sized inputs {@code [C][32][32][N]}; output logits {@code [classes][N]}. */
public final class WideResNet extends Module {
    private final WideResNetConfig config;
    private final Conv2d stem;
    private final Sequential group1, group2, group3;
    private final BatchNorm2d bn;
    private final Linear fc;

    public WideResNet(WideResNetConfig config, Rng rng) {
        this.config = config;
        int w = config.width();
        stem = registerModule("conv1", new Conv2d(config.inChannels(), 16, 3, 1, 1, 1, false, rng));
        group1 = registerModule("block1", group(16, 16 * w, 1, rng));
        group2 = registerModule("block2", group(16 * w, 32 * w, 2, rng));
        group3 = registerModule("block3", group(32 * w, 64 * w, 2, rng));
        bn = registerModule("bn", new BatchNorm2d(64 * w));
        fc = registerModule("fc", new Linear(64 * w, config.classes(), true, rng));
    }

    private Sequential group(int in, int out, int stride, Rng rng) {
        Module[] blocks = new Module[config.blocksPerGroup()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new PreActBlock(i == 0 ? in : out, out, i == 0 ? stride : 1, config.dropout(), rng);
        }
        return new Sequential(blocks);
    }

    public WideResNetConfig config() { return config; }

    @Override public Tensor forward(Tensor x) {
        Tensor h = group3.forward(group2.forward(group1.forward(stem.forward(x))));
        h = Functional.reluInPlace(bn.forward(h));
        return fc.forward(Functional.globalAvgPool(h));
    }
}
