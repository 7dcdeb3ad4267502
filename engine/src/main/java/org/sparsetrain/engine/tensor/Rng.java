package org.sparsetrain.engine.tensor;

import java.util.SplittableRandom;

/**
 * An explicitly seeded random generator. Nothing in the engine draws from a global source:
 * every consumer is handed an {@code Rng}, so the same seed gives the same run.
 */
public final class Rng {
    private final SplittableRandom random;
    private final long seed;

    public Rng(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    private Rng(SplittableRandom random, long seed) {
        this.random = random;
        this.seed = seed;
    }

    public long seed() { return seed; }

    /** An independent generator derived from this one (for a data loader, dropout, ...). */
    public Rng split() {
        SplittableRandom child = random.split();
        return new Rng(child, seed);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() { return random.nextDouble(); }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) { return lo + (hi - lo) * random.nextDouble(); }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) { return random.nextInt(bound); }

    public long nextLong() { return random.nextLong(); }

    /** Standard normal by Box-Muller (deterministic, unlike {@code Random.nextGaussian}'s cached pair across splits). */
    public double normal() {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Fisher-Yates shuffle of {@code a} in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
