package org.sparsetrain.engine.autograd;

import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.FloatStorage;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Per-thread recycling of forward activations that a consuming op ends ({@code Functional.maxPool2dConsuming}): an
 * op whose kernel writes its whole output takes the output's array from here ({@link #newOutputToOverwrite}), and a
 * later consuming op gives the array back ({@link #consume}) once it has read it, for the next step's output of the
 * same size.
 *
 * <p>Why: a LeNet-5 step allocates about 10 MB of fresh activations (conv1's output alone is 5.9 MB). The JVM zeroes
 * each fresh array on the calling thread before the kernel overwrites it, which on two threads leaves the worker
 * idle, and the array lands in memory no cache has seen. A throw-away build that reused the convolution and pool
 * outputs was about 5 % faster on one thread and more on two (docs/performance.md).
 *
 * <p>Why it is safe: an array is recycled only when all of these hold at the consuming op:
 * <ul>
 *   <li>it was handed out here and not given back yet (a caller's own tensor is never taken over);</li>
 *   <li>the tensor is its only view from the pad on (offset {@link FloatStorage#PAD}, the whole length);</li>
 *   <li>{@link Autograd#mayOverwrite}: its producer's backward does not read it and no recorded op has used it, so
 *       no backward of the graph will read the array;</li>
 *   <li>the consuming op's own backward does not read it (max pooling reads the winners and the gradient);</li>
 *   <li>the caller does not use the tensor again: the consuming op's contract. The tensor is marked, so any later
 *       op given it fails with a message naming the consuming op (as after {@code reluInPlace}).</li>
 * </ul>
 * The arrays handed out are held weakly: an activation that a caller keeps, or drops without consuming, is left to
 * the garbage collector as before.
 */
public final class ActivationArrays {
    /** Arrays kept for later steps, per thread; beyond this the garbage collector takes them. */
    private static final long RETAINED_BYTES_LIMIT = 256L << 20;

    private static final ThreadLocal<ActivationArrays> OF_THREAD = ThreadLocal.withInitial(ActivationArrays::new);

    private final FreeArrays<float[]> free = new FreeArrays<>(Float.BYTES);
    /** Arrays handed out by {@link #newOutputToOverwrite} and not given back; float[] hashes by identity. */
    private final Set<float[]> handedOut = Collections.newSetFromMap(new WeakHashMap<>());

    /**
     * Test support: when set, a recycled array is filled with NaN before it is handed out, so that a kernel which
     * leaves part of its output unwritten gives NaN instead of the values of an earlier step.
     */
    static volatile boolean poisonReused;

    private ActivationArrays() {}

    /**
     * A tensor for an op's output that its kernel overwrites in full (the {@code Backend} contract of the op says
     * so), with arbitrary contents: an array given back on this thread earlier, or a fresh one. F64 tensors (the
     * reference backend's gradient checks) are always fresh.
     */
    public static Tensor newOutputToOverwrite(DType dtype, int... dims) {
        if (dtype != DType.F32) return Tensor.zeros(dtype, dims);
        int size = Shape.of(dims).size(); // rejects negative sizes, names them
        ActivationArrays pool = OF_THREAD.get();
        float[] a = pool.free.take(size + FloatStorage.PAD);
        if (a == null) a = FloatStorage.allocate(size);
        else if (poisonReused) Arrays.fill(a, Float.NaN);
        pool.handedOut.add(a);
        return Tensor.view(a, FloatStorage.PAD, dims);
    }

    /**
     * Ends {@code x} after the op {@code op} has read it: marks it, so that any later op given it fails naming
     * {@code op}, and keeps its array for a later {@link #newOutputToOverwrite} on this thread when no gradient can
     * read it (see the class comment). Call it after the op's node is recorded. {@code mayRecycle} is
     * {@link #mayRecycle}'s answer from before the op was recorded (recording counts a use of {@code x}).
     */
    public static void consume(Tensor x, String op, boolean mayRecycle) {
        x.markOverwrittenBy(op);
        if (!mayRecycle) return;
        ActivationArrays pool = OF_THREAD.get();
        float[] a = x.floats();
        if (!pool.handedOut.remove(a)) return;
        if (pool.free.heldBytes() + pool.free.bytes(a.length) > RETAINED_BYTES_LIMIT) return;
        pool.free.put(a.length, a);
    }

    /**
     * True when {@code x}'s array may be recycled by a consuming op that has not been recorded yet: an F32 tensor
     * covering a whole array from the pad on, that {@link Autograd#mayOverwrite} allows to be overwritten.
     * (Whether the array came from this pool is checked by {@link #consume}.)
     */
    public static boolean mayRecycle(Tensor x) {
        return x.dtype() == DType.F32 && x.offset() == FloatStorage.PAD
                && x.floats().length == x.size() + FloatStorage.PAD && Autograd.mayOverwrite(x);
    }

    /** Test support: poison recycled activation arrays with NaN ({@link #poisonReused}). */
    public static void poisonRecycled(boolean on) { poisonReused = on; }

    /** Test support: forgets this thread's arrays. */
    static void clearThisThread() { OF_THREAD.remove(); }
}
