package org.sparsetrain.kernels.cpu;

/**
 * A float array kept per calling thread for a layout copy that a kernel overwrites entirely before reading it (the
 * padded input and the dilated output gradient of the sparse convolutions, the weight values gathered into the
 * transposed index's order).
 *
 * <p>Why: a fresh Java array is zeroed by the JVM on the calling thread, and the copy then writes it all again. For
 * LeNet-5's second convolution at batch 128 the dilated gradient is 6.5 MB, and its zeroing was 6 % of the sparse
 * training step on 2 threads, all of it serial (docs/performance.md, "LeNet-5 on two threads"). A kept array is
 * also warm in cache. Arrays above {@link #MAX_KEPT_FLOATS} are allocated fresh every time: their zeroing is small
 * beside the convolution they serve, and a thread should not hold hundreds of megabytes.
 *
 * <p>The array of a thread is only handed out again by the next {@link #take} on the same thread, so a caller may
 * let worker threads read it until its parallel section returns. Callers never hold two arrays of one instance.
 */
final class ScratchArray {
    /** 64 MiB of floats. */
    static final int MAX_KEPT_FLOATS = 16 << 20;

    private final ThreadLocal<float[]> kept = new ThreadLocal<>();

    /**
     * Test support: when set, every array handed out is first filled with NaN, so that a kernel which reads a cell
     * its copy did not write gives NaN instead of a stale value.
     */
    static volatile boolean poison;

    /** An array of at least {@code size} elements with arbitrary contents; the caller overwrites what it reads. */
    float[] take(long size) {
        int n = Math.toIntExact(size);
        float[] a;
        if (n > MAX_KEPT_FLOATS) {
            a = new float[n];
        } else {
            a = kept.get();
            if (a == null || a.length < n) kept.set(a = new float[n]);
        }
        if (poison) java.util.Arrays.fill(a, Float.NaN);
        return a;
    }
}
