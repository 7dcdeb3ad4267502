package org.sparsetrain.engine.autograd;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.FloatStorage;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Recycles the arrays of the gradients that flow between nodes in a backward pass, within the pass and from one
 * pass (training step) to the next, per thread.
 *
 * <p>Why: a fresh Java array is zeroed by the JVM and lies in memory no cache has seen; a recycled one of the same
 * size was written a moment ago. A ReLU backward of 38,400 floats takes 3 µs into a reused array and 10-50 µs
 * into a fresh one ({@code bench.FreshBufferBenchmark}); a LeNet-300-100 step makes a dozen such gradients.
 *
 * <p>Why it is safe: an intermediate gradient is never visible outside {@link Autograd}'s pass. During a pass it
 * lives in two places only: the pending map (the gradient waiting for its tensor to be processed) and the result
 * array of the backward function that just ran. This class counts, per array, the references from both, and
 * recycles an array when the count falls to zero. It only ever recycles arrays that it handed out itself during
 * the current pass, and that were returned by a backward function at least once ({@link #hold}): a seed from the
 * caller, a tensor saved by the forward and returned as a gradient, or a scratch array a backward kept to itself
 * are never touched. A gradient that reaches a leaf unshared is handed to the leaf and leaves the pool for good
 * ({@link #escape}), so {@code Tensor.grad()} never aliases a recycled array.
 *
 * <p>One instance per thread; a backward pass started while another runs on the same thread (which no op does)
 * gets no recycling.
 */
final class GradientBuffers {
    /** Arrays kept for later passes, per thread; beyond this the garbage collector takes them. */
    private static final long RETAINED_BYTES_LIMIT = 256L << 20;

    private static final ThreadLocal<GradientBuffers> OF_THREAD = ThreadLocal.withInitial(GradientBuffers::new);

    private final FreeArrays<float[]> freeFloats = new FreeArrays<>(Float.BYTES);
    private final FreeArrays<double[]> freeDoubles = new FreeArrays<>(Double.BYTES);

    /** Arrays handed out in the current pass → references held by pending gradients and backward results. */
    private final Map<Object, int[]> handedOut = new IdentityHashMap<>();
    private boolean inPass;

    private GradientBuffers() {}

    /** This thread's buffers for a new pass, or {@code null} when a pass already runs on this thread. */
    static GradientBuffers beginPass() {
        GradientBuffers b = OF_THREAD.get();
        if (b.inPass) return null;
        b.inPass = true;
        return b;
    }

    /** The pass of this thread, or {@code null} outside one. */
    static GradientBuffers current() {
        GradientBuffers b = OF_THREAD.get();
        return b.inPass ? b : null;
    }

    /**
     * Ends the pass. Arrays still counted are forgotten (never recycled): after a complete pass none is, and after
     * a pass that threw their owners are unknown.
     */
    void endPass() {
        handedOut.clear();
        inPass = false;
    }

    /**
     * Test support: when set, a recycled array handed out for overwriting is filled with NaN, so that a kernel
     * which leaves part of its output unwritten gives NaN gradients instead of stale ones.
     */
    static volatile boolean poisonReused;

    /**
     * A tensor whose array may be recycled once no gradient refers to it: zero-filled when {@code zeroed}, else
     * with arbitrary values (for a kernel that overwrites all of it; saves a pass over the array).
     */
    Tensor allocate(DType dtype, Shape shape, boolean zeroed) {
        int n = shape.size();
        Tensor t;
        if (dtype == DType.F32) {
            // elements from FloatStorage.PAD, as in Tensor.zeros: a cache-line start where the JVM allows one
            int pad = FloatStorage.PAD;
            float[] a = freeFloats.take(n + pad);
            if (a == null) a = FloatStorage.allocate(n);
            else if (zeroed) Arrays.fill(a, 0f);
            else if (poisonReused) Arrays.fill(a, Float.NaN);
            t = Tensor.view(a, pad, shape.dims());
        } else {
            double[] a = freeDoubles.take(n);
            if (a == null) a = new double[n];
            else if (zeroed) Arrays.fill(a, 0.0);
            else if (poisonReused) Arrays.fill(a, Double.NaN);
            t = Tensor.view(a, 0, shape.dims());
        }
        handedOut.put(storage(t), new int[] {0});
        return t;
    }

    /** Counts one more reference to {@code g}'s array (no-op for arrays this pass did not hand out). */
    void hold(Tensor g) {
        int[] refs = handedOut.get(storage(g));
        if (refs != null) refs[0]++;
    }

    /** Removes one reference to {@code g}'s array; the last one recycles it. */
    void drop(Tensor g) {
        Object array = storage(g);
        int[] refs = handedOut.get(array);
        if (refs == null) return;
        if (--refs[0] > 0) return;
        handedOut.remove(array);
        recycle(array);
    }

    /**
     * True, and {@code g}'s array leaves the pool for good, when {@code g} is the only reference to an array of
     * this pass and covers all of it from the pad on: then a leaf may keep {@code g} as its {@code grad} without a copy.
     */
    boolean escape(Tensor g) {
        Object array = storage(g);
        int[] refs = handedOut.get(array);
        int pad = g.dtype() == DType.F32 ? FloatStorage.PAD : 0;
        if (refs == null || refs[0] != 1 || g.offset() != pad || length(array) != g.size() + pad) return false;
        handedOut.remove(array);
        return true;
    }

    private void recycle(Object array) {
        // one bound over both element types
        long held = freeFloats.heldBytes() + freeDoubles.heldBytes();
        if (array instanceof float[] f) {
            if (held + freeFloats.bytes(f.length) <= RETAINED_BYTES_LIMIT) freeFloats.put(f.length, f);
        } else {
            double[] d = (double[]) array;
            if (held + freeDoubles.bytes(d.length) <= RETAINED_BYTES_LIMIT) freeDoubles.put(d.length, d);
        }
    }

    private static Object storage(Tensor t) {
        return t.dtype() == DType.F32 ? t.floats() : t.doubles();
    }

    private static int length(Object array) {
        return array instanceof float[] f ? f.length : ((double[]) array).length;
    }
}
