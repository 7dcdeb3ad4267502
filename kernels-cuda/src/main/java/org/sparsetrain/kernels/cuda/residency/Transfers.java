package org.sparsetrain.kernels.cuda.residency;

/**
 * Host/device copies of regions of Java primitive arrays ({@code float[]}, {@code int[]}, {@code double[]}, {@code long[]},
 * {@code byte[]}), queued on the backend's stream. Downloads land in the host array only at {@link #finish()},
 * which waits for the stream. Implemented with pinned staging memory on a GPU ({@code PinnedTransfers}) and
 * with plain memory in tests.
 */
public interface Transfers {
    /** Queues a copy of {@code array[from, from + length)} to the device address {@code device}. */
    void upload(Object array, int from, int length, long device);

    /** Queues a copy of {@code length} elements at {@code device} into {@code array[from, ...)}, done at {@link #finish()}. */
    void download(long device, Object array, int from, int length);

    /** Waits for every queued copy and kernel; completes the downloads. */
    void finish();
}
