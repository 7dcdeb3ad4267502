package org.sparsetrain.kernels.cuda.residency;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.sparsetrain.kernels.cuda.memory.CachingAllocator;
import org.sparsetrain.kernels.cuda.memory.DeviceBuffer;

/**
 * Device copies of the host arrays engine tensors live in, keyed by array identity, so the GPU backend works
 * behind the engine's host-array {@code Tensor} without any engine change.
 *
 * <p>Protocol. Each mirrored array has a device copy and a host <em>shadow</em>: a copy of what the device
 * holds. The device copy changes only through {@link #output} regions, which are downloaded into both the
 * host array and the shadow when the call {@link #finishCall finishes}; so device == shadow always. Before a
 * kernel reads a region ({@link #input}), the host array is compared with the shadow (a vectorised
 * {@code Arrays.mismatch}, at host memory speed) and only a changed suffix is uploaded. Host code — optimizers,
 * data loaders, {@code Tensor.fill} — may therefore write the arrays freely, as it does today, and a tensor
 * that did not change since the device last saw it (weights between forward and backward, activations saved
 * for backward, outputs of the previous kernel) costs no transfer.
 *
 * <p>What this does not achieve: every output is downloaded after every call (host code might read it), so
 * results cross PCIe once per op; the design goal of copies only at the edges needs the engine to tell the
 * backend when the host reads or writes (see kernels-cuda/README.md).
 *
 * <p>Lifetime: entries hold their array weakly; when an array is collected its device block returns to the
 * allocator's cache at the next call. Collection follows Java heap pressure, not device memory, and every
 * training step allocates fresh activation arrays, so mirrors are also kept within a byte budget: creating one
 * beyond it evicts the least recently used mirrors (never one used by the current call). An evicted array is just
 * uploaded again if it is used again. With a budget above one step's working set, steady-state steps recycle
 * evicted blocks through the allocator's cache and make no raw allocation. Not thread-safe: the backend
 * serialises calls.
 */
public final class DeviceMirrors implements AutoCloseable {
    private final CachingAllocator allocator;
    private final Transfers transfers;
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final LinkedHashMap<Key, Mirror> mirrors = new LinkedHashMap<>(64, 0.75f, true);   // access order: LRU first
    private long budgetBytes;
    private long mirroredBytes, call, evictions;
    private final List<Pending> outputs = new ArrayList<>();
    private long uploadedElements, skippedElements, downloadedElements;

    /** {@code budgetBytes}: device bytes the mirrors may hold before least recently used ones are evicted. */
    public DeviceMirrors(CachingAllocator allocator, Transfers transfers, long budgetBytes) {
        if (budgetBytes <= 0) throw new IllegalArgumentException("device mirrors: budget must be > 0 bytes, got " + budgetBytes);
        this.allocator = allocator;
        this.transfers = transfers;
        this.budgetBytes = budgetBytes;
    }

    /** Makes the device copy of {@code array[from, from + length)} current; returns the device address of element {@code from}. */
    public long input(Object array, int from, int length) {
        Mirror m = mirror(array);
        checkRange(array, from, length);
        int first = HostArrays.mismatch(array, m.shadow, from, from + length);
        if (first < 0) {
            skippedElements += length;
        } else {
            System.arraycopy(array, first, m.shadow, first, from + length - first);
            transfers.upload(array, first, from + length - first, m.address(first));
            uploadedElements += from + length - first;
            skippedElements += first - from;
        }
        return m.address(from);
    }

    /** A region a kernel will write; downloaded into the host array at {@link #finishCall}. Returns its device address. */
    public long output(Object array, int from, int length) {
        Mirror m = mirror(array);
        checkRange(array, from, length);
        outputs.add(new Pending(m, array, from, length));
        return m.address(from);
    }

    /** A region a kernel reads and writes (accumulating outputs). */
    public long inputOutput(Object array, int from, int length) {
        long address = input(array, from, length);
        output(array, from, length);
        return address;
    }

    /** Waits for the device, brings every output of this call to the host, and frees mirrors of collected arrays. */
    public void finishCall() {
        for (Pending p : outputs) transfers.download(p.mirror.address(p.from), p.array, p.from, p.length);
        transfers.finish();
        for (Pending p : outputs) {
            System.arraycopy(p.array, p.from, p.mirror.shadow, p.from, p.length);
            downloadedElements += p.length;
        }
        outputs.clear();
        for (Object k; (k = collected.poll()) != null; ) {
            Mirror m = mirrors.remove((Key) k);
            if (m != null) release(m);
        }
        call++;
    }

    /** Changes the budget; takes effect at the next mirror created. Returns the previous one. */
    public long budget(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("device mirrors: budget must be > 0 bytes, got " + bytes);
        long previous = budgetBytes;
        budgetBytes = bytes;
        return previous;
    }

    /** Mirrors evicted to stay within the budget so far. */
    public long evictions() { return evictions; }

    /** Device bytes held by mirrors. */
    public long mirroredBytes() { return mirroredBytes; }

    /** Number of mirrored arrays still alive or not yet noticed as collected. */
    public int size() { return mirrors.size(); }

    /** Elements copied host to device, elements found unchanged (no copy), elements copied back. */
    public long[] counters() { return new long[] {uploadedElements, skippedElements, downloadedElements}; }

    /** Frees every device copy (the host arrays stay as they are). */
    @Override public void close() {
        outputs.clear();
        for (Mirror m : mirrors.values()) release(m);
        mirrors.clear();
    }

    private void release(Mirror m) {
        m.buffer.close();
        mirroredBytes -= m.buffer.bytes();
    }

    /** Evicts least recently used mirrors not touched by the current call until {@code bytes} more fit the budget. */
    private void makeRoom(long bytes) {
        var it = mirrors.entrySet().iterator();
        while (mirroredBytes + bytes > budgetBytes && it.hasNext()) {
            Mirror m = it.next().getValue();
            if (m.lastCall == call) break;       // LRU order: everything after this was used in this call too
            it.remove();
            release(m);
            evictions++;
        }
    }

    private Mirror mirror(Object array) {
        Mirror m = mirrors.get(new Key(array, null));
        if (m != null) {
            m.lastCall = call;
            return m;
        }
        int length = HostArrays.length(array), bytes = HostArrays.elementBytes(array);
        long size = Math.max(1L, (long) length * bytes);
        makeRoom(size);
        DeviceBuffer buffer = allocator.buffer(size);
        mirroredBytes += size;
        m = new Mirror(buffer, bytes, HostArrays.copyOf(array));
        m.lastCall = call;
        if (length > 0) {
            transfers.upload(array, 0, length, buffer.address());
            uploadedElements += length;
        }
        mirrors.put(new Key(array, collected), m);
        return m;
    }

    private static void checkRange(Object array, int from, int length) {
        int n = HostArrays.length(array);
        if (from < 0 || length < 0 || from > n - length) {
            throw new IndexOutOfBoundsException("device mirror: region [" + from + ", " + ((long) from + length)
                    + ") outside an array of " + n + " elements");
        }
    }

    private record Pending(Mirror mirror, Object array, int from, int length) {}

    private static final class Mirror {
        final DeviceBuffer buffer;
        final int elementBytes;
        final Object shadow;
        long lastCall;

        Mirror(DeviceBuffer buffer, int elementBytes, Object shadow) {
            this.buffer = buffer;
            this.elementBytes = elementBytes;
            this.shadow = shadow;
        }

        long address(int element) { return buffer.address() + (long) element * elementBytes; }
    }

    /** A weak reference compared by the identity of its referent (a lookup key has no queue and is dropped at once). */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override public int hashCode() { return hash; }

        @Override public boolean equals(Object o) {
            if (this == o) return true;
            if (!(o instanceof Key k)) return false;
            Object mine = get();
            return mine != null && mine == k.get();
        }
    }
}
