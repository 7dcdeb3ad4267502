package org.sparsetrain.kernels.cuda.memory;

/**
 * A snapshot of {@link CachingAllocator}'s counters. {@code rawAllocations} staying flat across training steps is
 * the property that matters: a step then reuses cached blocks and never calls {@code cuMemAlloc}.
 *
 * @param rawAllocations blocks obtained from the raw allocator so far
 * @param rawFrees blocks handed back to the raw allocator so far
 * @param cacheHits requests served from the cache
 * @param bytesInUse bytes (rounded to size classes) held by live buffers
 * @param bytesCached bytes (rounded) in free blocks kept for reuse
 * @param peakBytesInUse the highest {@code bytesInUse} seen
 */
public record AllocatorStats(long rawAllocations, long rawFrees, long cacheHits, long bytesInUse, long bytesCached,
                             long peakBytesInUse) {
    @Override public String toString() {
        return String.format("device allocator: %d raw allocations, %d raw frees, %d cache hits, %.1f MiB in use"
                        + " (peak %.1f), %.1f MiB cached", rawAllocations, rawFrees, cacheHits, bytesInUse / 1048576.0,
                peakBytesInUse / 1048576.0, bytesCached / 1048576.0);
    }
}
