package org.sparsetrain.engine.autograd;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Free arrays of one element type, stacked per length, and the bytes they hold: what {@link GradientBuffers},
 * {@link ActivationArrays} and {@link SavedIndexArrays} keep between uses (each bounds its {@link #heldBytes}).
 *
 * <p>Why not a {@code HashMap<Integer, ArrayDeque>}: a training step looks it up a dozen times, always among a
 * handful of lengths, and the boxed keys (a cold {@code Integer} behind every entry, a new one per lookup above
 * 127) made the lookup show in profiles of the LeNet-300-100 step (3.6 % of the 2-thread caller's samples, in
 * {@code Integer.equals}). A linear scan over an {@code int[]} of the lengths seen so far touches one cache line.
 *
 * @param <A> the array type ({@code float[]} or {@code double[]})
 */
final class FreeArrays<A> {
    private final int elementBytes;
    private int[] lengths = new int[8];
    @SuppressWarnings("unchecked")
    private ArrayDeque<A>[] stacks = new ArrayDeque[8];
    private int count;
    private long heldBytes;

    /** @param elementBytes the size of one element, for {@link #heldBytes} */
    FreeArrays(int elementBytes) { this.elementBytes = elementBytes; }

    /** The most recently put array of exactly {@code length} elements, removed; {@code null} if there is none. */
    A take(int length) {
        int i = indexOf(length);
        A a = i < 0 ? null : stacks[i].poll();
        if (a != null) heldBytes -= bytes(length);
        return a;
    }

    /** The bytes of the arrays kept now: what the pools that own one bound. */
    long heldBytes() { return heldBytes; }

    /** The bytes an array of {@code length} elements holds. */
    long bytes(int length) { return (long) length * elementBytes; }

    /** Keeps {@code array} (of {@code length} elements) for a later {@link #take}. */
    void put(int length, A array) {
        heldBytes += bytes(length);
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
