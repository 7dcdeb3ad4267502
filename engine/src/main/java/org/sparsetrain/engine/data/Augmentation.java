package org.sparsetrain.engine.data;

import org.sparsetrain.engine.tensor.Rng;

/**
 * A random transformation of one item ({@code [C][H][W]} values), applied by the {@link DataLoader} before
 * batching. It draws only from the {@code rng} it is given, so a run is reproducible from its seed.
 */
@FunctionalInterface
public interface Augmentation {
    /** Writes the transformed {@code src} into {@code dst} (same length, never the same array). */
    void apply(float[] src, float[] dst, int[] itemShape, Rng rng);

    /**
     * The standard CIFAR augmentation: pad by {@code padding} zeros on each side, take a random crop of the
     * original size, and flip horizontally with probability 1/2 if {@code flip}.
     */
    static Augmentation randomCropFlip(int padding, boolean flip) {
        if (padding < 0) throw new IllegalArgumentException("randomCropFlip: padding must be >= 0, got " + padding);
        return (src, dst, shape, rng) -> {
            int channels = shape[0], h = shape[1], w = shape[2];
            int dy = rng.nextInt(2 * padding + 1) - padding, dx = rng.nextInt(2 * padding + 1) - padding;
            boolean mirror = flip && rng.nextInt(2) == 1;
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    for (int x = 0; x < w; x++) {
                        int sx = (mirror ? w - 1 - x : x) + dx;
                        boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                        dst[(c * h + y) * w + x] = inside ? src[(c * h + sy) * w + sx] : 0f;
                    }
                }
            }
        };
    }
}
