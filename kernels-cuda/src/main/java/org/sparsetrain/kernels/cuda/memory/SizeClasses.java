package org.sparsetrain.kernels.cuda.memory;

/**
 * Rounds request sizes to the block sizes the cache keeps, so that the slightly different sizes of one
 * training step share blocks, while large blocks waste at most one granule.
 *
 * <p>Up to 1 MiB: the next power of two, at least {@link #MIN_BLOCK} (256-byte alignment, which every
 * kernel's vector loads and cuBLAS like). Above: the next multiple of {@link #LARGE_GRANULE} (2 MiB, the
 * granularity the driver maps large allocations with anyway).
 */
public final class SizeClasses {
    public static final long MIN_BLOCK = 512;
    public static final long SMALL_LIMIT = 1L << 20;
    public static final long LARGE_GRANULE = 2L << 20;

    private SizeClasses() {}

    /** The block size that serves a request of {@code bytes} ({@code bytes >= 1}). */
    public static long roundUp(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("device allocation: size must be > 0 bytes, got " + bytes);
        if (bytes <= MIN_BLOCK) return MIN_BLOCK;
        if (bytes <= SMALL_LIMIT) return Long.highestOneBit(bytes - 1) << 1;
        return Math.ceilDiv(bytes, LARGE_GRANULE) * LARGE_GRANULE;
    }
}
