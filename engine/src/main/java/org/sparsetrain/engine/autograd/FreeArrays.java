package org.sparsetrain.engine.autograd;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Free arrays of one element type, stacked per length: what {@link GradientBuffers} keeps between uses.
 *
 * <p>Why not a {@code HashMap<Integer, ArrayDeque>}: a training step looks it up a dozen times, always among a
 * handful of lengths, and the boxed keys (a cold {@code Integer} behind every entry, a new one per lookup above
 * 127) made the lookup show in profiles of the LeNet-300-100 step (3.6 % of the 2-thread caller's samples, in
 * {@code Integer.equals}). A linear scan over an {@code int[]} of the lengths seen so far touches one cache line.
 *
 * @param <A> the array type ({@code float[]} or {@code double[]})
 */
final class FreeArrays<A> {
    private int[] lengths = new int[8];
    @SuppressWarnings("unchecked")
    private ArrayDeque<A>[] stacks = new ArrayDeque[8];
    private int count;

    /** The most recently put array of exactly {@code length} elements, removed; {@code null} if there is none. */
    A take(int length) {
        int i = indexOf(length);
        return i < 0 ? null : stacks[i].poll();
    }

    /** Keeps {@code array} (of {@code length} elements) for a later {@link #take}. */
    void put(int length, A array) {
        int i = indexOf(length);
        if (i < 0) {
            if (count == lengths.length) {
                lengths = Arrays.copyOf(lengths, 2 * count);
                stacks = Arrays.copyOf(stacks, 2 * count);
            }
            i = count++;
            lengths[i] = length;
            stacks[i] = new ArrayDeque<>();
        }
        stacks[i].push(array);
    }

    private int indexOf(int length) {
        for (int i = 0; i < count; i++) if (lengths[i] == length) return i;
        return -1;
    }
}
