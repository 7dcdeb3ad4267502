package org.sparsetrain.kernels.cuda.memory;

import java.util.HashMap;
import java.util.Map;

/** A fake device heap: hands out increasing addresses, counts calls, fails beyond a capacity like cuMemAlloc. */
public final class CountingRawAllocator implements RawAllocator {
    public final Map<Long, Long> live = new HashMap<>();
    public int allocations, frees;
    private long next = 0x7f00_0000_0000L, used;
    private final long capacity;

    public CountingRawAllocator(long capacity) { this.capacity = capacity; }

    @Override public long allocate(long bytes) {
        if (used + bytes > capacity) throw new DeviceOutOfMemoryException("fake device full: " + used + " + " + bytes);
        long a = next;
        next += bytes + 4096;
        live.put(a, bytes);
        used += bytes;
        allocations++;
        return a;
    }

    @Override public void free(long address) {
        Long bytes = live.remove(address);
        if (bytes == null) throw new AssertionError("free of unknown address " + address);
        used -= bytes;
        frees++;
    }
}
