package org.sparsetrain.kernels.cuda.driver;

import static org.bytedeco.cuda.global.cudart.cuMemAllocHost;
import static org.bytedeco.cuda.global.cudart.cuMemFreeHost;
import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoHAsync;
import static org.bytedeco.cuda.global.cudart.cuMemcpyHtoDAsync;
import static org.bytedeco.cuda.global.cudart.cuStreamSynchronize;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.sparsetrain.kernels.cuda.residency.HostArrays;
import org.sparsetrain.kernels.cuda.residency.Transfers;

/**
 * Copies through one pinned (page-locked) staging buffer, so that the DMA engine copies at full PCIe speed and
 * the copies are asynchronous on the backend's stream. Java arrays cannot be pinned, hence the staging hop.
 * A call's uploads and downloads take consecutive slices; {@link #finish()} synchronises once per call. When a
 * call needs more than the buffer holds, it drains (synchronises) and the buffer grows.
 */
public final class PinnedTransfers implements Transfers, AutoCloseable {
    private static final long INITIAL = 4L << 20;

    private final CUstream_st stream;
    private Pointer staging;
    private long capacity, used;
    private final List<Download> downloads = new ArrayList<>();

    public PinnedTransfers(CUstream_st stream) {
        this.stream = stream;
        grow(INITIAL);
    }

    @Override public void upload(Object array, int from, int length, long device) {
        long bytes = (long) length * HostArrays.elementBytes(array);
        long at = reserve(bytes);
        put(array, from, length, at);
        Driver.check(cuMemcpyHtoDAsync(device, new BytePointer(staging).position(at), bytes, stream), "cuMemcpyHtoDAsync");
    }

    @Override public void download(long device, Object array, int from, int length) {
        long bytes = (long) length * HostArrays.elementBytes(array);
        long at = reserve(bytes);
        Driver.check(cuMemcpyDtoHAsync(new BytePointer(staging).position(at), device, bytes, stream), "cuMemcpyDtoHAsync");
        downloads.add(new Download(array, from, length, at));
    }

    @Override public void finish() {
        Driver.check(cuStreamSynchronize(stream), "cuStreamSynchronize");
        for (Download d : downloads) get(d.array, d.from, d.length, d.at);
        downloads.clear();
        used = 0;
    }

    @Override public void close() {
        if (staging != null) cuMemFreeHost(staging);
        staging = null;
    }

    private long reserve(long bytes) {
        long aligned = Math.ceilDiv(bytes, 256) * 256;
        if (used + aligned > capacity) {
            finish();   // every queued slice is done with; start from the beginning
            if (aligned > capacity) grow(Math.max(aligned, 2 * capacity));
        }
        long at = used;
        used += aligned;
        return at;
    }

    private void grow(long bytes) {
        if (staging != null) Driver.check(cuMemFreeHost(staging), "cuMemFreeHost");
        Pointer p = new Pointer();
        Driver.check(cuMemAllocHost(p, bytes), "cuMemAllocHost(" + bytes + ")");
        staging = p;
        capacity = bytes;
        used = 0;
    }

    private void put(Object array, int from, int length, long at) {
        switch (array) {
            case float[] a -> new FloatPointer(staging).position(at / Float.BYTES).put(a, from, length);
            case int[] a -> new IntPointer(staging).position(at / Integer.BYTES).put(a, from, length);
            case double[] a -> new DoublePointer(staging).position(at / Double.BYTES).put(a, from, length);
            case byte[] a -> new BytePointer(staging).position(at).put(a, from, length);
            case long[] a -> new LongPointer(staging).position(at / Long.BYTES).put(a, from, length);
            default -> throw new IllegalArgumentException("upload: unsupported array " + array.getClass());
        }
    }

    private void get(Object array, int from, int length, long at) {
        switch (array) {
            case float[] a -> new FloatPointer(staging).position(at / Float.BYTES).get(a, from, length);
            case int[] a -> new IntPointer(staging).position(at / Integer.BYTES).get(a, from, length);
            case double[] a -> new DoublePointer(staging).position(at / Double.BYTES).get(a, from, length);
            case byte[] a -> new BytePointer(staging).position(at).get(a, from, length);
            case long[] a -> new LongPointer(staging).position(at / Long.BYTES).get(a, from, length);
            default -> throw new IllegalArgumentException("download: unsupported array " + array.getClass());
        }
    }

    private record Download(Object array, int from, int length, long at) {}
}
