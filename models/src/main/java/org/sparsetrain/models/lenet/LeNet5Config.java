package org.sparsetrain.models.lenet;

/**
 * LeNet-5 in Caffe's variant (the one sparse-training papers use): conv 20@5x5, max-pool 2, conv 50@5x5,
 * max-pool 2, fc 500, fc classes, ReLU after conv and the first fc. {@code widthMultiplier} scales the conv
 * channels and the hidden fc layer.
 */
public record LeNet5Config(int inChannels, int imageSize, int conv1, int conv2, int fc, int classes, double widthMultiplier) {
    public LeNet5Config {
        if (inChannels <= 0 || conv1 <= 0 || conv2 <= 0 || fc <= 0 || classes < 2) {
            throw new IllegalArgumentException("LeNet-5: sizes must be positive and classes >= 2");
        }
        if (imageSize < 16) {
            throw new IllegalArgumentException("LeNet-5: image size must be >= 16 (two 5x5 convs and two pools), got " + imageSize);
        }
        if (!(widthMultiplier > 0)) throw new IllegalArgumentException("LeNet-5: width multiplier must be > 0, got " + widthMultiplier);
    }

    /** 28x28 grey images, 10 classes. */
    public static LeNet5Config standard() { return new LeNet5Config(1, 28, 20, 50, 500, 10, 1.0); }

    int scale(int v) { return Math.max(1, (int) Math.round(v * widthMultiplier)); }

    /** Spatial size after conv1, pool, conv2, pool (valid convolutions). */
    public int finalSpatial() { return ((imageSize - 4) / 2 - 4) / 2; }
}
