package org.sparsetrain.rigl.update;

/**
 * Outcome of one layer's drop-and-grow update. All index arrays are ascending flat indices.
 * The arrays are owned by the caller (no defensive copies; a record over arrays compares by
 * identity).
 *
 * @param newMask        {@code M' = mask1 ∨ mask2}; same number of ones as before
 * @param dropped        active positions not kept by the drop step (spec "dropped", may be regrown)
 * @param grown          {@code mask2}: positions chosen by the grow step, just-dropped ones included
 * @param newConnections {@code mask2 ∧ ¬M}: get the grow initialisation and fresh optimizer state
 * @param regrown        {@code dropped ∩ grown}: stay active and keep weight and optimizer state
 * @param revived        {@code mask1 ∧ ¬M}: inactive positions kept by the drop step (only under
 *                       {@link DropScope#ALL_POSITIONS}, ties with exact-zero active weights)
 * @param deactivated    {@code M ∧ ¬M'}: weights and optimizer state to clear
 */
public record DropGrowResult(boolean[] newMask, int[] dropped, int[] grown, int[] newConnections, int[] regrown,
                             int[] revived, int[] deactivated) {

    /** Number of ones in {@link #newMask()}. */
    public int nnz() {
        int c = 0;
        for (boolean b : newMask) if (b) c++;
        return c;
    }
}
