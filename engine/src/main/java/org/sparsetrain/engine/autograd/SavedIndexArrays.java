package org.sparsetrain.engine.autograd;

/**
 * Per-thread recycling of the {@code int[]} arrays that an op's forward fills for its backward (max pooling's winners),
 * given back when the op's node is freed after a backward ({@link Autograd#recordOutputFreeWithIndices}).
 *
 * <p>Why: LeNet-5's first max pool keeps one winner per output, 1.5 M ints = 5.9 MB per step; a fresh array costs the
 * JVM's zeroing (about 2 % of a sparse LeNet-5 step) and lands in memory no cache has seen, while the forward kernel
 * overwrites every entry anyway.
 *
 * <p>Why it is safe: an array is given back only by {@link Node#free}, which runs after the node's backward when the
 * graph is not retained; the backward (the only holder of the array) is dropped there and cannot run again.
 */
public final class SavedIndexArrays {
    /** Arrays kept for later steps, per thread; beyond this the garbage collector takes them. */
    private static final long RETAINED_BYTES_LIMIT = 64L << 20;

    private static final ThreadLocal<SavedIndexArrays> OF_THREAD = ThreadLocal.withInitial(SavedIndexArrays::new);

    private final FreeArrays<int[]> free = new FreeArrays<>(Integer.BYTES);

    private SavedIndexArrays() {}

    /**
     * An array of exactly {@code length} ints with arbitrary contents (one given back earlier on this thread, or a
     * new one): for a kernel that writes every entry.
     */
    public static int[] take(int length) {
        if (length < 0) throw new IllegalArgumentException("SavedIndexArrays.take: negative length " + length);
        SavedIndexArrays pool = OF_THREAD.get();
        int[] a = pool.free.take(length);
        return a == null ? new int[length] : a;
    }

    /** Keeps {@code a} for a later {@link #take} on this thread; nobody may use it any more. */
    static void giveBack(int[] a) {
        SavedIndexArrays pool = OF_THREAD.get();
        if (pool.free.heldBytes() + pool.free.bytes(a.length) > RETAINED_BYTES_LIMIT) return;
        pool.free.put(a.length, a);
    }

    /** Test support: forgets this thread's arrays. */
    static void clearThisThread() { OF_THREAD.remove(); }
}
