package org.sparsetrain.rigl.update;

import java.util.Arrays;

/**
 * A one-pass shortcut for {@link TopK#largestOutside} when k is a small part of a large layer (RigL's grow step: at
 * density 0.01 and α = 0.3 it picks 705 of LeNet-300-100's 235,200 fc1 positions).
 *
 * <p>A strided sample of {@link #SAMPLE} scores gives a bound {@code t} that about {@link #MARGIN} times k positions
 * should reach. One pass collects every position outside the excluded set whose score is not below {@code t}
 * (a plain float comparison, with NaN counted as reaching it, since NaN ranks first), then the exact selection runs
 * on those candidates only. <b>The result is exactly {@link TopK#largestOutside}'s</b>: when at least k positions
 * reach {@code t}, the k-th ranked score is at least {@code t}, so every position ranked in the top k, and every
 * position tied with one, is among the candidates, and ranking them by the full (score, index) key gives the same k.
 * When the bound was unlucky (fewer than k candidates) or useless (more than {@link #capacity} candidates, e.g.
 * all-zero gradients), this returns {@code null} and the caller runs the general two-pass selection, so the sample
 * only ever changes the speed.
 *
 * <p>Why: the general path bins every score twice (a counting pass and a collection pass, about 1 ns per score each
 * here); this pass is one comparison per score, and the sample costs a few µs.
 */
final class SampledBound {
    /** Scores looked at to place the bound. */
    static final int SAMPLE = 1024;
    /** How many times k candidates the bound aims at: unlucky samples (fewer than k) become very rare. */
    private static final int MARGIN = 2;
    /** Extra sample ranks on top of the margin, so that small k still gets a bound with some slack. */
    private static final int SLACK = 8;

    private SampledBound() {}

    /** {@link TopK#largestOutside}, or {@code null} when this shortcut does not apply. */
    static int[] largestOutside(float[] scores, long[] excluded, int k) {
        int n = scores.length;
        int outside = n - excludedCount(excluded);
        if (outside <= 0 || k > outside) return null;
        long rank = (long) MARGIN * k * SAMPLE / outside + SLACK; // sample rank (from the top) of the bound
        if (rank >= SAMPLE / 4) return null; // k is a large part of the layer: the filter would keep most of it
        float bound = sampledBound(scores, (int) rank);
        int[] candidates = new int[capacity(k, n)];
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (!(scores[i] < bound) && (excluded[i >>> 6] & (1L << i)) == 0) {
                if (c == candidates.length) return null;
                candidates[c++] = i;
            }
        }
        if (c < k) return null;
        return TopK.largestOfDistinct(scores, Arrays.copyOf(candidates, c), k);
    }

    /** The most candidates worth collecting: beyond that the general path is as fast. */
    private static int capacity(int k, int n) {
        return (int) Math.min(n, 8L * k + 4096);
    }

    /** The {@code rank}-th largest (1-based) of {@link #SAMPLE} evenly strided scores. */
    private static float sampledBound(float[] scores, int rank) {
        int n = scores.length;
        long[] keys = new long[SAMPLE];
        for (int j = 0; j < SAMPLE; j++) {
            int i = (int) ((long) j * n / SAMPLE);
            keys[j] = TopK.key(scores[i], i);
        }
        long kth = TopK.nth(keys, SAMPLE - rank);
        return scores[~(int) kth]; // the low half of a key is the complemented index
    }

    private static int excludedCount(long[] excluded) {
        int count = 0;
        for (long word : excluded) count += Long.bitCount(word);
        return count;
    }
}
