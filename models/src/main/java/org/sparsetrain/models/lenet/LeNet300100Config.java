package org.sparsetrain.models.lenet;

/**
 * LeNet-300-100 (LeCun et al. 1998; the MLP of the RigL paper's MNIST experiments): 784-300-100-10 with ReLU.
 * {@code widthMultiplier} scales the hidden layers (the RigL "small dense" baseline uses it).
 */
public record LeNet300100Config(int inputs, int hidden1, int hidden2, int classes, double widthMultiplier) {
    public LeNet300100Config {
        if (inputs <= 0 || hidden1 <= 0 || hidden2 <= 0 || classes < 2) {
            throw new IllegalArgumentException("LeNet-300-100: sizes must be positive and classes >= 2, got "
                    + inputs + "-" + hidden1 + "-" + hidden2 + "-" + classes);
        }
        if (!(widthMultiplier > 0)) {
            throw new IllegalArgumentException("LeNet-300-100: width multiplier must be > 0, got " + widthMultiplier);
        }
    }

    /** The standard 784-300-100-10. */
    public static LeNet300100Config standard() { return new LeNet300100Config(784, 300, 100, 10, 1.0); }

    public int scaledHidden1() { return Math.max(1, (int) Math.round(hidden1 * widthMultiplier)); }

    public int scaledHidden2() { return Math.max(1, (int) Math.round(hidden2 * widthMultiplier)); }
}
