package org.sparsetrain.models.mobilenet;

/**
 * MobileNet-v1 (Howard et al. 2017): a 3x3 stem conv with 32 channels, then 13 depthwise-separable blocks
 * (3x3 depthwise + 1x1 pointwise, each followed by batch norm and ReLU), global average pooling and a linear
 * classifier. Every channel count is scaled by {@code widthMultiplier} (alpha). {@code stemStride} is 2 for
 * ImageNet-sized inputs and 1 for CIFAR-sized ones.
 */
public record MobileNetV1Config(double widthMultiplier, int inChannels, int classes, int stemStride) {
    /** (output channels, stride) of the 13 separable blocks at alpha = 1. */
    static final int[][] BLOCKS = {
        {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
        {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}
    };

    public MobileNetV1Config {
        if (!(widthMultiplier > 0)) throw new IllegalArgumentException("MobileNet-v1: width multiplier must be > 0, got " + widthMultiplier);
        if (inChannels <= 0 || classes < 2) throw new IllegalArgumentException("MobileNet-v1: bad channels/classes");
        if (stemStride != 1 && stemStride != 2) throw new IllegalArgumentException("MobileNet-v1: stem stride must be 1 or 2, got " + stemStride);
    }

    /** The ImageNet network, alpha = 1 (4,231,976 parameters). */
    public static MobileNetV1Config imagenet(double alpha) { return new MobileNetV1Config(alpha, 3, 1000, 2); }

    /** CIFAR-10 variant: stride-1 stem for 32x32 inputs. */
    public static MobileNetV1Config cifar10(double alpha) { return new MobileNetV1Config(alpha, 3, 10, 1); }

    /** Channels scaled by alpha, at least 1 (TF's reference truncates {@code int(c * alpha)}). */
    public int channels(int base) { return Math.max(1, (int) (base * widthMultiplier)); }
}
