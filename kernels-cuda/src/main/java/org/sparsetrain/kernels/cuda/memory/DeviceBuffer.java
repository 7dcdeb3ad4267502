package org.sparsetrain.kernels.cuda.memory;

import java.lang.ref.Cleaner;

/**
 * A block of device memory with deterministic release: {@link #close()} gives it back to its
 * {@link CachingAllocator} at once. A buffer dropped without close is a bug, but not a leak: a {@link Cleaner}
 * queues its block with {@link CachingAllocator#releaseLater} (never calling CUDA from the cleaner thread, which
 * does not own the context), and it returns to the cache at the next allocation.
 */
public final class DeviceBuffer implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final long address;
    private final long bytes;
    private final Cleaner.Cleanable cleanable;
    private final Release release;

    DeviceBuffer(CachingAllocator allocator, long address, long bytes) {
        this.address = address;
        this.bytes = bytes;
        this.release = new Release(allocator, address);
        this.cleanable = CLEANER.register(this, release);
    }

    /** The device address; valid until {@link #close()}. */
    public long address() {
        if (release.closedExplicitly) throw new IllegalStateException("device buffer of " + bytes + " bytes used after close");
        return address;
    }

    /** The requested size (the block may be larger). */
    public long bytes() { return bytes; }

    @Override public void close() {
        if (release.closedExplicitly) return;
        release.closedExplicitly = true;
        release.allocator.release(address);
        cleanable.clean();   // runs Release.run, which sees closedExplicitly and does nothing more
    }

    /** Holds no reference to the buffer itself, or the buffer would never become unreachable. */
    private static final class Release implements Runnable {
        final CachingAllocator allocator;
        final long address;
        volatile boolean closedExplicitly;

        Release(CachingAllocator allocator, long address) {
            this.allocator = allocator;
            this.address = address;
        }

        @Override public void run() {
            if (!closedExplicitly) allocator.releaseLater(address);
        }
    }
}
