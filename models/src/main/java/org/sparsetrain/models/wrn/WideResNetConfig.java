package org.sparsetrain.models.wrn;

/**
 * A CIFAR-style Wide ResNet WRN-{@code depth}-{@code width} (Zagoruyko and Komodakis 2016): a 3x3 stem conv
 * with 16 channels, three groups of {@code (depth - 4) / 6} pre-activation basic blocks with
 * {@code 16·width}, {@code 32·width}, {@code 64·width} channels (strides 1, 2, 2), batch norm + ReLU, global
 * average pooling and a linear classifier. WRN-22-2 is the network of the RigL paper's CIFAR-10 experiments.
 */
public record WideResNetConfig(int depth, int width, int inChannels, int classes, double dropout) {
    public WideResNetConfig {
        if (depth < 10 || (depth - 4) % 6 != 0) {
            throw new IllegalArgumentException("Wide ResNet: depth must be 6n+4 with n >= 1 (10, 16, 22, 28, ...), got " + depth);
        }
        if (width <= 0) throw new IllegalArgumentException("Wide ResNet: width must be > 0, got " + width);
        if (inChannels <= 0 || classes < 2) throw new IllegalArgumentException("Wide ResNet: bad channels/classes");
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("Wide ResNet: dropout must be in [0, 1), got " + dropout);
    }

    /** WRN-22-2 for 32x32 RGB, 10 classes, no dropout. */
    public static WideResNetConfig wrn22x2() { return new WideResNetConfig(22, 2, 3, 10, 0.0); }

    public int blocksPerGroup() { return (depth - 4) / 6; }
}
