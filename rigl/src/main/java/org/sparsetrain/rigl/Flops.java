package org.sparsetrain.rigl;

/**
 * A FLOP count per example next to the dense model's.
 *
 * @param sparse the count of the sparse model (or sparse training)
 * @param dense  the same count for the dense model
 */
public record Flops(double sparse, double dense) {
    /** {@code sparse / dense}, the paper's "0.42x". */
    public double ratio() {
        return sparse / dense;
    }
}
