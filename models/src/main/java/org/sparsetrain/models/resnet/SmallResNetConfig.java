package org.sparsetrain.models.resnet;

/**
 * A small ResNet for 28x28 inputs (Fashion-MNIST sized), in the CIFAR ResNet-{@code 6n+2} pattern of He et al.
 * 2016: a 3x3 stem conv, three stages of {@code blocksPerStage} post-activation basic blocks with
 * {@code baseWidth}, {@code 2·baseWidth}, {@code 4·baseWidth} channels (strides 1, 2, 2; a 1x1 conv + batch
 * norm shortcut where the shape changes), global average pooling and a linear classifier.
 */
public record SmallResNetConfig(int blocksPerStage, int baseWidth, int inChannels, int classes) {
    public SmallResNetConfig {
        if (blocksPerStage <= 0 || baseWidth <= 0 || inChannels <= 0 || classes < 2) {
            throw new IllegalArgumentException("small ResNet: blocks, width and channels must be > 0 and classes >= 2, got "
                    + blocksPerStage + ", " + baseWidth + ", " + inChannels + ", " + classes);
        }
    }

    /** ResNet-20 layout (3 blocks per stage, 16 base channels) for one-channel 28x28 images. */
    public static SmallResNetConfig resnet20Mnist() { return new SmallResNetConfig(3, 16, 1, 10); }
}
