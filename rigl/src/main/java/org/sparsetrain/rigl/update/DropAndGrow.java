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
