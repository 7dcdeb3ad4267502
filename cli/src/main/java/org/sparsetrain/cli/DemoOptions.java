package org.sparsetrain.cli;

/**
 * The {@code demo} command's settings, validated.
 *
 * @param epochs  passes over the training set, {@code >= 1}
 * @param seed    seeds the data, the initialisation and the shuffling
 * @param threads backend worker threads, or 0 to keep the engine's default selection
 */
record DemoOptions(int epochs, long seed, int threads) {
    static final int DEFAULT_EPOCHS = 10;
    static final long DEFAULT_SEED = 42;

    DemoOptions {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 1 (or 0 for the default), got " + threads);
    }
}
