package org.sparsetrain.kernels.cuda.residency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.sparsetrain.kernels.cuda.memory.RawAllocator;

/**
 * Device memory simulated in Java, with copies logged: a raw allocator and {@link Transfers} over the same
 * bytes, so residency tests can check what crossed the bus and that the device holds the right values.
 */
public final class FakeDevice implements RawAllocator, Transfers {
    private final TreeMap<Long, byte[]> blocks = new TreeMap<>();
    private long next = 0x1000;
    public final List<String> log = new ArrayList<>();
    private final List<Runnable> pendingDownloads = new ArrayList<>();

    @Override public long allocate(long bytes) {
        long a = next;
        next += bytes + 256;
        blocks.put(a, new byte[(int) bytes]);
        return a;
    }

    @Override public void free(long address) { blocks.remove(address); }

    /** Reads a float the device holds at {@code address}. */
    public float readFloat(long address) {
        Map.Entry<Long, byte[]> e = blocks.floorEntry(address);
        int at = (int) (address - e.getKey());
        byte[] b = e.getValue();
        return Float.intBitsToFloat((b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24);
    }

    /** What a kernel does: writes a float on the device. */
    public void writeFloat(long address, float v) {
        Map.Entry<Long, byte[]> e = blocks.floorEntry(address);
        int at = (int) (address - e.getKey()), bits = Float.floatToRawIntBits(v);
        for (int i = 0; i < 4; i++) e.getValue()[at + i] = (byte) (bits >>> (8 * i));
    }

    @Override public void upload(Object array, int from, int length, long device) {
        log.add("up " + from + "+" + length);
        float[] a = (float[]) array;
        for (int i = 0; i < length; i++) writeFloat(device + 4L * i, a[from + i]);
    }

    @Override public void download(long device, Object array, int from, int length) {
        log.add("down " + from + "+" + length);
        float[] a = (float[]) array;
        pendingDownloads.add(() -> {
            for (int i = 0; i < length; i++) a[from + i] = readFloat(device + 4L * i);
        });
    }

    @Override public void finish() {
        pendingDownloads.forEach(Runnable::run);
        pendingDownloads.clear();
    }

    public int liveBlocks() { return blocks.size(); }
}
