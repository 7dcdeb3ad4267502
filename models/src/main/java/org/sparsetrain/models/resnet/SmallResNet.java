package org.sparsetrain.models.resnet;

import org.sparsetrain.engine.nn.BatchNorm2d;
import org.sparsetrain.engine.nn.Conv2d;
import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Sequential;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/** Small ResNet for {@code [C][28][28][N]} inputs; output logits {@code [classes][N]}. */
public final class SmallResNet extends Module {
    private final SmallResNetConfig config;
    private final Conv2d stem;
    private final BatchNorm2d stemBn;
    private final Sequential stage1, stage2, stage3;
    private final Linear fc;

    public SmallResNet(SmallResNetConfig config, Rng rng) {
        this.config = config;
        int w = config.baseWidth();
        stem = registerModule("conv1", new Conv2d(config.inChannels(), w, 3, 1, 1, 1, false, rng));
        stemBn = registerModule("bn1", new BatchNorm2d(w));
        stage1 = registerModule("layer1", stage(w, w, 1, rng));
        stage2 = registerModule("layer2", stage(w, 2 * w, 2, rng));
        stage3 = registerModule("layer3", stage(2 * w, 4 * w, 2, rng));
        fc = registerModule("fc", new Linear(4 * w, config.classes(), true, rng));
    }

    private Sequential stage(int in, int out, int stride, Rng rng) {
        Module[] blocks = new Module[config.blocksPerStage()];
        for (int i = 0; i < blocks.length; i++) blocks[i] = new BasicBlock(i == 0 ? in : out, out, i == 0 ? stride : 1, rng);
        return new Sequential(blocks);
    }

    public SmallResNetConfig config() { return config; }

    @Override public Tensor forward(Tensor x) {
        Tensor h = Functional.reluInPlace(stemBn.forward(stem.forward(x)));
        h = stage3.forward(stage2.forward(stage1.forward(h)));
        return fc.forward(Functional.globalAvgPool(h));
    }
}
