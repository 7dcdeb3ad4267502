package org.sparsetrain.rigl.update;

import java.util.Arrays;
import java.util.Objects;

/**
 * The generic one-layer topology update of rigl-spec §3 (TF
 * {@code SparseSETOptimizerBase._get_update_op}, noise-free): keep the {@code n_keep} best drop
 * scores, then grow the {@code n_drop} best grow scores among every position not kept,
 * <em>including</em> the positions just dropped (those are "regrown" and keep their weight and
 * state, spec §10.2). Ties: score descending, lower flat index first ({@link TopK}).
 *
 * <p>Grow scores select the algorithm: {@code |∂L/∂(W⊙M)|} for RigL, uniform random for SET,
 * {@code |momentum|} for SNFS.
 */
public final class DropAndGrow {

    private DropAndGrow() {}

    /**
     * {@code n_drop = trunc(float32(nOnes) · float32(dropFraction))}: TF multiplies in float32
     * before casting to int32 (spec §3 step 2), which can differ from the double product.
     */
    public static int dropCount(int nOnes, double dropFraction) {
        if (nOnes < 0) throw new IllegalArgumentException("dropCount: nOnes must be >= 0, got " + nOnes);
        if (!(dropFraction >= 0.0 && dropFraction <= 1.0)) {
            throw new IllegalArgumentException("dropCount: drop fraction must be in [0, 1], got " + dropFraction);
        }
        return (int) ((float) nOnes * (float) dropFraction);
    }

    /** Reference update: drop scores {@code |M⊙W|} ranked over all positions. */
    public static DropGrowResult update(boolean[] mask, float[] weights, float[] growScores, int nDrop) {
        return update(mask, weights, growScores, nDrop, DropScope.ALL_POSITIONS);
    }

    /** Update with drop scores {@code |M⊙W|} and the given drop scope. */
    public static DropGrowResult update(boolean[] mask, float[] weights, float[] growScores, int nDrop,
                                        DropScope scope) {
        Objects.requireNonNull(mask, "drop-grow: mask");
        Objects.requireNonNull(weights, "drop-grow: weights");
        checkLength("weights", mask, weights.length);
        float[] dropScores = new float[weights.length];
        for (int i = 0; i < weights.length; i++) dropScores[i] = mask[i] ? Math.abs(weights[i]) : 0.0f;
        return updateWithScores(mask, dropScores, growScores, nDrop, scope);
    }

    /**
     * The general form: the caller supplies the drop scores (e.g. {@code |M⊙W|} plus TF's
     * N(0, 1e-5²) noise, or SNIP-style saliencies).
     *
     * @param mask       current mask, {@code n} entries (not modified)
     * @param dropScores higher = more worth keeping; {@code n} entries, no NaN
     * @param growScores higher = more worth growing; {@code n} entries, no NaN
     * @param nDrop      connections to drop and grow, in {@code [0, Σ mask]}
     */
    public static DropGrowResult updateWithScores(boolean[] mask, float[] dropScores, float[] growScores, int nDrop,
                                                  DropScope scope) {
        Objects.requireNonNull(mask, "drop-grow: mask");
        Objects.requireNonNull(scope, "drop-grow: scope");
        checkLength("drop scores", mask, Objects.requireNonNull(dropScores, "drop-grow: dropScores").length);
        checkLength("grow scores", mask, Objects.requireNonNull(growScores, "drop-grow: growScores").length);
        checkNoNaN("drop score", dropScores);
        checkNoNaN("grow score", growScores);
        int n = mask.length;
        int[] active = indicesWhere(mask, true);
        int nOnes = active.length;
        if (nDrop < 0 || nDrop > nOnes) {
            throw new IllegalArgumentException("drop-grow: nDrop must be in [0, " + nOnes + "] (active weights), got " + nDrop);
        }
        int nKeep = nOnes - nDrop;

        int[] keep = scope == DropScope.ALL_POSITIONS ? TopK.largest(dropScores, nKeep)
                : TopK.largest(dropScores, active, nKeep);
        boolean[] mask1 = new boolean[n];
        for (int i : keep) mask1[i] = true;

        int[] candidates = indicesWhere(mask1, false); // n − nKeep ≥ nDrop of them: never short
        int[] grown = TopK.largest(growScores, candidates, nDrop);
        boolean[] newMask = mask1.clone();
        for (int i : grown) newMask[i] = true;

        boolean[] inGrown = new boolean[n];
        for (int i : grown) inGrown[i] = true;
        int[] dropped = Arrays.stream(active).filter(i -> !mask1[i]).toArray();
        int[] newConnections = Arrays.stream(grown).filter(i -> !mask[i]).toArray();
        int[] regrown = Arrays.stream(grown).filter(i -> mask[i]).toArray();
        int[] revived = Arrays.stream(keep).filter(i -> !mask[i]).sorted().toArray();
        int[] deactivated = Arrays.stream(dropped).filter(i -> !inGrown[i]).toArray();
        return new DropGrowResult(newMask, dropped, grown, newConnections, regrown, revived, deactivated);
    }

    /**
     * What {@link #update(boolean[], float[], float[], int)} does, for a layer known by its active positions only
     * (a sparse layer): the drop step ranks the {@code nnz} active weights instead of every position, and the
     * grow step ranks every position outside the kept set without building a mask or candidate list, so a
     * topology update costs O(nnz) plus two passes over the grow scores (a NaN check and, for a large layer and a
     * small drop count, the one-pass filter of {@link SampledBound}; otherwise two more).
     *
     * <p>The reference ranks the drop scores over <em>all</em> positions, where inactive ones score 0: an active
     * weight that is exactly 0 then ties with inactive positions, and the lower index wins, which can "revive" an
     * inactive position. So when the kept set reaches down to the zero scores, every nonzero weight is kept and
     * the rest of the kept set is the lowest flat indices among the zero-valued active weights and the inactive
     * positions alike (found by walking up from index 0, skipping the nonzero ones: O(nnz)); the inactive ones
     * among them are the revived positions. (Rare in training: a weight stays exactly 0 only when it never gets a
     * gradient, e.g. a connection grown into a dead unit; SET grows into such units.)
     *
     * @param active        ascending flat indices of the active positions
     * @param activeWeights their weights, aligned with {@code active}
     * @param growScores    the grow score of every position
     * @param nDrop         connections to drop and grow, in [0, nnz]
     * @return the result, the same decisions as {@link #update(boolean[], float[], float[], int)}
     */
    public static ActiveDropGrow updateActive(int[] active, float[] activeWeights, float[] growScores, int nDrop) {
        Objects.requireNonNull(active, "drop-grow: active");
        Objects.requireNonNull(growScores, "drop-grow: growScores");
        int nOnes = active.length;
        if (activeWeights.length != nOnes) {
            throw new IllegalArgumentException("drop-grow: " + activeWeights.length + " weights for " + nOnes + " active positions");
        }
        if (nDrop < 0 || nDrop > nOnes) {
            throw new IllegalArgumentException("drop-grow: nDrop must be in [0, " + nOnes + "] (active weights), got " + nDrop);
        }
        checkNoNaN("grow score", growScores);
        float[] dropScores = new float[nOnes];
        for (int p = 0; p < nOnes; p++) {
            if (Float.isNaN(activeWeights[p])) {
                throw new IllegalArgumentException("drop-grow: drop score at flat index " + active[p]
                        + " is NaN (diverged weights or gradients?)");
            }
            dropScores[p] = Math.abs(activeWeights[p]);
        }
        int nKeep = nOnes - nDrop;
        int nonzero = 0;
        for (float d : dropScores) if (d != 0f) nonzero++;
        long[] oldBits = new long[(growScores.length + 63) >>> 6];
        for (int f : active) oldBits[f >>> 6] |= 1L << f;
        int[] kept;
        if (nKeep <= nonzero) {
            // positions are in ascending flat order, so ties by position are ties by flat index, as in the reference
            int[] keepPos = TopK.largest(dropScores, nKeep);
            kept = new int[nKeep];
            for (int j = 0; j < nKeep; j++) kept[j] = active[keepPos[j]];
        } else {
            kept = keptThroughZeroTie(active, dropScores, nonzero, nKeep, growScores.length);
        }
        long[] keptBits = new long[oldBits.length];
        int revived = 0;
        for (int f : kept) {
            keptBits[f >>> 6] |= 1L << f;
            if ((oldBits[f >>> 6] & (1L << f)) == 0) revived++;
        }
        int[] grown = TopK.largestOutside(growScores, keptBits, nDrop);
        int regrown = 0;
        for (int f : grown) if ((oldBits[f >>> 6] & (1L << f)) != 0) regrown++;
        return new ActiveDropGrow(mergeAscending(kept, grown), nDrop + revived, grown.length, grown.length - regrown,
                revived);
    }

    /**
     * The kept set when it reaches the zero scores: every nonzero active weight, then the lowest flat indices among
     * all other positions (zero-valued active weights and inactive positions score 0 alike), ascending.
     */
    private static int[] keptThroughZeroTie(int[] active, float[] dropScores, int nonzero, int nKeep, int n) {
        int[] nonzeroFlat = new int[nonzero];
        long[] nonzeroBits = new long[(n + 63) >>> 6];
        for (int p = 0, c = 0; p < active.length; p++) {
            if (dropScores[p] != 0f) {
                nonzeroFlat[c++] = active[p];
                nonzeroBits[active[p] >>> 6] |= 1L << active[p];
            }
        }
        int[] tie = new int[nKeep - nonzero];
        for (int f = 0, c = 0; c < tie.length; f++) if ((nonzeroBits[f >>> 6] & (1L << f)) == 0) tie[c++] = f;
        return mergeAscending(nonzeroFlat, tie);
    }

    /** The union of two ascending, disjoint index lists, ascending. */
    private static int[] mergeAscending(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        for (int i = 0, j = 0, o = 0; o < out.length; o++) {
            out[o] = j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++];
        }
        return out;
    }

    /**
     * The outcome of {@link #updateActive}: the new active flat indices (ascending) and the counts a report needs.
     *
     * @param newActive      flat indices active after the update, ascending
     * @param dropped        active positions not kept
     * @param grown          positions chosen by the grow step (new connections and regrown ones)
     * @param newConnections grown positions that were inactive before the update
     * @param revived        inactive positions kept by the drop step's tie at zero (active again, weight 0)
     */
    public record ActiveDropGrow(int[] newActive, int dropped, int grown, int newConnections, int revived) {}

    private static int[] indicesWhere(boolean[] mask, boolean value) {
        int c = 0;
        for (boolean b : mask) if (b == value) c++;
        int[] r = new int[c];
        int j = 0;
        for (int i = 0; i < mask.length; i++) if (mask[i] == value) r[j++] = i;
        return r;
    }

    private static void checkLength(String what, boolean[] mask, int length) {
        if (mask.length != length) {
            throw new IllegalArgumentException("drop-grow: " + what + " have " + length
                    + " entries, the mask has " + mask.length);
        }
    }

    private static void checkNoNaN(String what, float[] scores) {
        for (int i = 0; i < scores.length; i++) {
            if (Float.isNaN(scores[i])) {
                throw new IllegalArgumentException("drop-grow: " + what + " at flat index " + i
                        + " is NaN (diverged weights or gradients?)");
            }
        }
    }
}
