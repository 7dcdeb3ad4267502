package org.sparsetrain.models.wrn;

import org.sparsetrain.engine.nn.BatchNorm2d;
import org.sparsetrain.engine.nn.Conv2d;
import org.sparsetrain.engine.nn.Dropout;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Pre-activation basic block: {@code bn1-relu-conv1(3x3, stride)-bn2-relu-[dropout]-conv2(3x3)} plus a
 * shortcut, the identity or, when the shape changes, a 1x1 conv (stride) applied to the pre-activated input.
 */
final class PreActBlock extends Module {
    private final BatchNorm2d bn1, bn2;
    private final Conv2d conv1, conv2, shortcut;
    private final Dropout dropout;

    PreActBlock(int in, int out, int stride, double dropoutP, Rng rng) {
        bn1 = registerModule("bn1", new BatchNorm2d(in));
        conv1 = registerModule("conv1", new Conv2d(in, out, 3, stride, 1, 1, false, rng));
        bn2 = registerModule("bn2", new BatchNorm2d(out));
        dropout = dropoutP > 0 ? registerModule("dropout", new Dropout(dropoutP, rng.split())) : null;
        conv2 = registerModule("conv2", new Conv2d(out, out, 3, 1, 1, 1, false, rng));
        shortcut = (in != out || stride != 1) ? registerModule("shortcut", new Conv2d(in, out, 1, stride, 0, 1, false, rng)) : null;
    }

    @Override public Tensor forward(Tensor x) {
        Tensor a = Functional.reluInPlace(bn1.forward(x));
        Tensor h = conv1.forward(a);
        h = Functional.reluInPlace(bn2.forward(h));
        if (dropout != null) h = dropout.forward(h);
        h = conv2.forward(h);
        return Functional.add(h, shortcut == null ? x : shortcut.forward(a));
    }
}
