package org.sparsetrain.rigl.update;

import java.util.Arrays;
import java.util.Objects;

/**
 * Linear-time selection of the k best-scored positions, deterministic under ties.
 *
 * <p><b>Order.</b> Positions are ranked by score descending, ties broken by the lower index
 * first (what {@code tf.math.top_k} guarantees; rigl-spec §0). {@code -0.0} equals {@code 0.0}.
 * <b>NaN</b> ranks above {@code +∞} (all NaNs are equal, ties again by index), so a NaN score is
 * chosen first by {@link #largest} and last by {@link #smallest}; callers that consider NaN an
 * error must check for it ({@link DropAndGrow} does).
 *
 * <p><b>Method.</b> Each candidate becomes one {@code long} key: the score's order-preserving
 * integer image in the high 32 bits and the complemented index in the low 32 bits, so every key
 * is distinct and the order above is plain {@code long} order. An introselect (quickselect with
 * median-of-3 / ninther pivots, falling back to a sort of the remaining range after
 * {@code 2·log2(m)} rounds) finds the threshold key on that copy; one more pass over the
 * candidates keeps the keys on the right side of it. Expected O(m) time, O(m) extra memory.
 * {@link SortTopK} is the sort-based oracle with the same contract.
 *
 * <p><b>Result order.</b> The selected indices are returned in the order of {@code candidates}
 * (ascending when the whole array is searched), not in rank order.
 */
public final class TopK {

    private static final int INSERTION_SORT_MAX = 16;

    private TopK() {}

    /** The {@code k} positions of {@code scores} ranked first, in ascending index order. */
    public static int[] largest(float[] scores, int k) {
        return select(scores, null, k, true);
    }

    /** The {@code k} of {@code candidates} (distinct indices into {@code scores}) ranked first. */
    public static int[] largest(float[] scores, int[] candidates, int k) {
        return select(scores, Objects.requireNonNull(candidates, "topk: candidates"), k, true);
    }

    /**
     * The {@code k} positions ranked last, in ascending index order: exactly the complement of
     * {@code largest(scores, n − k)}, so among equal scores the <em>higher</em> index goes first.
     */
    public static int[] smallest(float[] scores, int k) {
        return select(scores, null, k, false);
    }

    /** The {@code k} of {@code candidates} ranked last: the complement of {@code largest(m − k)}. */
    public static int[] smallest(float[] scores, int[] candidates, int k) {
        return select(scores, Objects.requireNonNull(candidates, "topk: candidates"), k, false);
    }

    /** The order-preserving key of (score, index): larger key = ranked earlier. */
    static long key(float score, int index) {
        int bits = Float.floatToIntBits(score + 0.0f); // +0.0f folds -0.0 into 0.0; floatToIntBits folds NaNs
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) sortable << 32) | (~index & 0xFFFFFFFFL);
    }

    private static int[] select(float[] scores, int[] candidates, int k, boolean largest) {
        Objects.requireNonNull(scores, "topk: scores");
        int m = candidates == null ? scores.length : candidates.length;
        if (k < 0 || k > m) {
            throw new IllegalArgumentException("topk: k must be in [0, " + m + "] (number of candidates), got " + k);
        }
        if (candidates != null) checkCandidates(scores.length, candidates);
        if (k == 0) return new int[0];
        if (k == m) return candidates == null ? identity(m) : candidates.clone();

        long[] keys = new long[m];
        for (int j = 0; j < m; j++) {
            int i = candidates == null ? j : candidates[j];
            keys[j] = key(scores[i], i);
        }
        // keys are distinct, so the threshold splits them into exactly k and m - k
        long threshold = largest ? nth(keys, m - k) : nth(keys, k - 1);
        int[] out = new int[k];
        int c = 0;
        for (int j = 0; j < m; j++) {
            int i = candidates == null ? j : candidates[j];
            long key = key(scores[i], i);
            if (largest ? key >= threshold : key <= threshold) out[c++] = i;
        }
        assert c == k;
        return out;
    }

    /** The element that would be at {@code a[n]} if {@code a} were sorted; permutes {@code a}. */
    static long nth(long[] a, int n) {
        int lo = 0;
        int hi = a.length - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(a.length));
        while (hi - lo >= INSERTION_SORT_MAX) {
            if (budget-- == 0) { // pathological pivots: bound the worst case by O(m log m)
                Arrays.sort(a, lo, hi + 1);
                return a[n];
            }
            long pivot = pivot(a, lo, hi);
            int i = lo;
            int j = hi;
            while (i <= j) { // Hoare partition; the pivot is in range, so the scans stop
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (n <= j) hi = j;
            else if (n >= i) lo = i;
            else return a[n];
        }
        for (int i = lo + 1; i <= hi; i++) {
            long v = a[i];
            int j = i - 1;
            while (j >= lo && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
        return a[n];
    }

    private static long pivot(long[] a, int lo, int hi) {
        int mid = (lo + hi) >>> 1;
        if (hi - lo < 1024) return median(a[lo], a[mid], a[hi]);
        int s = (hi - lo) / 8; // Tukey's ninther: resists sorted and organ-pipe inputs
        return median(median(a[lo], a[lo + s], a[lo + 2 * s]), median(a[mid - s], a[mid], a[mid + s]),
                median(a[hi - 2 * s], a[hi - s], a[hi]));
    }

    private static long median(long x, long y, long z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    private static void checkCandidates(int n, int[] candidates) {
        long[] seen = new long[(n + 63) >>> 6];
        for (int i : candidates) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("topk: candidate index " + i + " outside [0, " + n + ")");
            }
            if ((seen[i >>> 6] & (1L << i)) != 0) {
                throw new IllegalArgumentException("topk: candidate index " + i + " appears twice; candidates must be distinct");
            }
            seen[i >>> 6] |= 1L << i;
        }
    }
}
