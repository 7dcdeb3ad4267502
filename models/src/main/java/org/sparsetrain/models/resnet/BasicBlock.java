package org.sparsetrain.models.resnet;

import org.sparsetrain.engine.nn.BatchNorm2d;
import org.sparsetrain.engine.nn.Conv2d;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/** Post-activation basic block: {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}. */
final class BasicBlock extends Module {
    private final Conv2d conv1, conv2, shortcutConv;
    private final BatchNorm2d bn1, bn2, shortcutBn;

    BasicBlock(int in, int out, int stride, Rng rng) {
        conv1 = registerModule("conv1", new Conv2d(in, out, 3, stride, 1, 1, false, rng));
        bn1 = registerModule("bn1", new BatchNorm2d(out));
        conv2 = registerModule("conv2", new Conv2d(out, out, 3, 1, 1, 1, false, rng));
        bn2 = registerModule("bn2", new BatchNorm2d(out));
        boolean project = in != out || stride != 1;
        shortcutConv = project ? registerModule("shortcut_conv", new Conv2d(in, out, 1, stride, 0, 1, false, rng)) : null;
        shortcutBn = project ? registerModule("shortcut_bn", new BatchNorm2d(out)) : null;
    }

    @Override public Tensor forward(Tensor x) {
        Tensor h = Functional.reluInPlace(bn1.forward(conv1.forward(x)));
        h = bn2.forward(conv2.forward(h));
        Tensor s = shortcutConv == null ? x : shortcutBn.forward(shortcutConv.forward(x));
        return Functional.reluInPlace(Functional.add(h, s));
    }
}
