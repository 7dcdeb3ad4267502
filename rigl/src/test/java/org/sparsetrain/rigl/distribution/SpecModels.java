package org.sparsetrain.rigl.distribution;

import java.util.List;

/** The two example networks of rigl-spec §2.3, in PyTorch layout. */
final class SpecModels {
    private SpecModels() {}

    /** LeNet-300-100 weights: 784-300-100-10. */
    static List<LayerSpec> mlp() {
        return List.of(LayerSpec.linear("fc1", 300, 784), LayerSpec.linear("fc2", 100, 300),
                LayerSpec.linear("fc3", 10, 100));
    }

    /** conv(1→32,5×5), conv(32→64,5×5), fc 1024→512, fc 512→10. */
    static List<LayerSpec> convNet() {
        return List.of(LayerSpec.conv("conv1", 32, 1, 5, 5), LayerSpec.conv("conv2", 64, 32, 5, 5),
                LayerSpec.linear("fc1", 512, 1024), LayerSpec.linear("fc2", 10, 512));
    }
}
