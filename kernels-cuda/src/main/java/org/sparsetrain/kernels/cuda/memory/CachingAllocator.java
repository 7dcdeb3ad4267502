package org.sparsetrain.kernels.cuda.memory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Device memory with a cache of freed blocks per {@link SizeClasses size class}: after the first training step
 * every request of a step finds a block of its class in the cache, so steady-state steps make no raw
 * ({@code cuMemAlloc}) calls and no frees (which would synchronise the device).
 *
 * <p>Not thread-safe except {@link #releaseLater}: all other calls come from the backend's thread, which owns
 * the CUDA context. {@link #releaseLater} is what a {@link java.lang.ref.Cleaner} may call from its own thread;
 * those blocks come back on the next {@link #allocate}.
 *
 * <p>When the raw allocator runs out of memory the cache is emptied (raw frees) and the request retried once.
 */
public final class CachingAllocator implements AutoCloseable {
    private final RawAllocator raw;
    private final TreeMap<Long, ArrayDeque<Long>> free = new TreeMap<>();
    private final Map<Long, Long> live = new HashMap<>();          // address -> rounded size
    private final ConcurrentLinkedQueue<Long> pending = new ConcurrentLinkedQueue<>();
    private long rawAllocations, rawFrees, cacheHits, bytesInUse, bytesCached, peakBytesInUse;
    private boolean closed;

    public CachingAllocator(RawAllocator raw) { this.raw = raw; }

    /** A block of at least {@code bytes} bytes; give it back with {@link #release}. */
    public long allocate(long bytes) {
        if (closed) throw new IllegalStateException("device allocator is closed");
        long size = SizeClasses.roundUp(bytes);
        drainPending();
        Long address = takeCached(size);
        if (address != null) {
            cacheHits++;
        } else {
            address = allocateRaw(size, bytes);
        }
        live.put(address, size);
        bytesInUse += size;
        peakBytesInUse = Math.max(peakBytesInUse, bytesInUse);
        return address;
    }

    /** A buffer owning a block of at least {@code bytes} bytes, released on close or, failing that, when unreachable. */
    public DeviceBuffer buffer(long bytes) { return new DeviceBuffer(this, allocate(bytes), bytes); }

    /** Puts a block back into the cache. */
    public void release(long address) {
        Long size = live.remove(address);
        if (size == null) {
            throw new IllegalArgumentException("device allocator: release of 0x" + Long.toHexString(address)
                    + ", which is not a live block (released twice, or not from this allocator)");
        }
        bytesInUse -= size;
        if (closed) {
            raw.free(address);
            rawFrees++;
            return;
        }
        free.computeIfAbsent(size, s -> new ArrayDeque<>()).push(address);
        bytesCached += size;
    }

    /** Thread-safe: queues a block for {@link #release} on the owning thread's next allocation. */
    public void releaseLater(long address) { pending.add(address); }

    /** Hands every cached block back to the raw allocator. */
    public void trim() {
        drainPending();
        for (ArrayDeque<Long> blocks : free.values()) {
            for (long a : blocks) {
                raw.free(a);
                rawFrees++;
            }
        }
        free.clear();
        bytesCached = 0;
    }

    public AllocatorStats stats() {
        return new AllocatorStats(rawAllocations, rawFrees, cacheHits, bytesInUse, bytesCached, peakBytesInUse);
    }

    /** Frees the cache; blocks still live are freed as they are released. */
    @Override public void close() {
        if (closed) return;
        trim();
        closed = true;
    }

    private Long takeCached(long size) {
        ArrayDeque<Long> blocks = free.get(size);
        if (blocks == null || blocks.isEmpty()) return null;
        bytesCached -= size;
        return blocks.pop();
    }

    private long allocateRaw(long size, long requested) {
        long address;
        try {
            address = raw.allocate(size);
        } catch (DeviceOutOfMemoryException first) {
            trim();
            try {
                address = raw.allocate(size);
            } catch (DeviceOutOfMemoryException second) {
                throw new DeviceOutOfMemoryException("device out of memory: " + requested + " bytes requested (block "
                        + size + ") after emptying the cache; " + stats() + " (" + second.getMessage() + ")");
            }
        }
        rawAllocations++;
        return address;
    }

    private void drainPending() {
        for (Long a; (a = pending.poll()) != null; ) {
            if (live.containsKey(a)) release(a);
        }
    }
}
