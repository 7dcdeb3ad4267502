package org.sparsetrain.rigl;

import org.sparsetrain.engine.tensor.Rng;

/**
 * Random numbers of a topology update derived from {@code (seed, global step, layer)}, not drawn
 * from a running generator: the engine's {@link Rng} cannot be saved, and this way a run resumed
 * from a state dict draws exactly the numbers the uninterrupted run would have (TF likewise uses a
 * stateless RNG seeded by {@code (name, gs)}, spec §4.4).
 */
final class UpdateSeeds {

    private UpdateSeeds() {}

    /** The generator for layer {@code layer} at global step {@code step}. */
    static Rng rng(long seed, long step, int layer) {
        return new Rng(mix(mix(seed ^ 0x52_69_47_4CL) + step) + layer);
    }

    /** SplitMix64's finaliser: a bijection that spreads nearby inputs over the whole range. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
