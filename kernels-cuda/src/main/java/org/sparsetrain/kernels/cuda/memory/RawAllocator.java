package org.sparsetrain.kernels.cuda.memory;

/**
 * The device allocation primitive under {@link CachingAllocator}: {@code cuMemAlloc}/{@code cuMemFree} on a GPU,
 * a counting fake in tests. Both calls happen on the thread that owns the CUDA context.
 */
public interface RawAllocator {
    /**
     * A new block of exactly {@code bytes} bytes; its device address.
     *
     * @throws DeviceOutOfMemoryException when the device has no room (the caller may free cached blocks and retry)
     */
    long allocate(long bytes);

    /** Returns a block obtained from {@link #allocate}. */
    void free(long address);
}
