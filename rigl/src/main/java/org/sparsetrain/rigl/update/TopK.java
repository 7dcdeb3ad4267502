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
 * candidates keeps the keys on the right side of it. Expected O(m) time, O(m) extra memory. From
 * {@link #RADIX_MIN} candidates on, a counting pass over the top bits of the scores first narrows the
 * introselect to the one bucket that holds the threshold.
 * {@link SortTopK} is the sort-based oracle with the same contract.
 *
 * <p><b>Result order.</b> The selected indices are returned in the order of {@code candidates}
 * (ascending when the whole array is searched), not in rank order.
 */
public final class TopK {

    private static final int INSERTION_SORT_MAX = 16;
    /** From this many candidates on, a counting pass narrows the selection to one bucket first. */
    static final int RADIX_MIN = 4096;
    private static final int RADIX_BITS = 12;

    private TopK() {}

    /** The {@code k} positions of {@code scores} ranked first, in ascending index order. */
    public static int[] largest(float[] scores, int k) {
        return select(scores, null, k, true, false);
    }

    /** The {@code k} of {@code candidates} (distinct indices into {@code scores}) ranked first. */
    public static int[] largest(float[] scores, int[] candidates, int k) {
        return select(scores, Objects.requireNonNull(candidates, "topk: candidates"), k, true, true);
    }

    /**
     * The {@code k} positions ranked last, in ascending index order: exactly the complement of
     * {@code largest(scores, n − k)}, so among equal scores the <em>higher</em> index goes first.
     */
    public static int[] smallest(float[] scores, int k) {
        return select(scores, null, k, false, false);
    }

    /** The {@code k} of {@code candidates} ranked last: the complement of {@code largest(m − k)}. */
    public static int[] smallest(float[] scores, int[] candidates, int k) {
        return select(scores, Objects.requireNonNull(candidates, "topk: candidates"), k, false, true);
    }

    /** {@link #largest(float[], int[], int)} for candidates known to be distinct and in range (no check). */
    static int[] largestOfDistinct(float[] scores, int[] candidates, int k) {
        return select(scores, candidates, k, true, false);
    }

    /** The order-preserving key of (score, index): larger key = ranked earlier. */
    static long key(float score, int index) {
        int bits = Float.floatToIntBits(score + 0.0f); // +0.0f folds -0.0 into 0.0; floatToIntBits folds NaNs
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) sortable << 32) | (~index & 0xFFFFFFFFL);
    }

    private static int[] select(float[] scores, int[] candidates, int k, boolean largest, boolean checkCandidates) {
        Objects.requireNonNull(scores, "topk: scores");
        int m = candidates == null ? scores.length : candidates.length;
        if (k < 0 || k > m) {
            throw new IllegalArgumentException("topk: k must be in [0, " + m + "] (number of candidates), got " + k);
        }
        if (candidates != null && checkCandidates) checkCandidates(scores.length, candidates);
        if (k == 0) return new int[0];
        if (k == m) return candidates == null ? identity(m) : candidates.clone();

        long threshold = m >= RADIX_MIN ? radixThreshold(scores, candidates, m, k, largest)
                : fullThreshold(scores, candidates, m, k, largest);
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

    /**
     * The {@code k} positions of {@code scores} ranked first among those whose bit is <em>clear</em> in
     * {@code excluded} (bit i of {@code excluded[i >>> 6]}), in ascending index order: {@code largest(scores,
     * candidates, k)} for the complement of a set, without building the candidate list (RigL's grow step over
     * every inactive position of a sparse layer). Same order and ties as {@link #largest(float[], int)}.
     */
    public static int[] largestOutside(float[] scores, long[] excluded, int k) {
        Objects.requireNonNull(scores, "topk: scores");
        Objects.requireNonNull(excluded, "topk: excluded");
        if (scores.length >= SAMPLED_MIN && k > 0) {
            int[] quick = SampledBound.largestOutside(scores, excluded, k);
            if (quick != null) return quick;
        }
        return largestOutsideByBuckets(scores, excluded, k);
    }

    /** From this many scores on, {@link #largestOutside} first tries the one-pass {@link SampledBound} filter. */
    static final int SAMPLED_MIN = 16384;

    /** {@link #largestOutside} by two passes over every score: a bucket count, then a collection pass. */
    static int[] largestOutsideByBuckets(float[] scores, long[] excluded, int k) {
        int n = scores.length, m = n;
        // count every position, then take the excluded ones back out: the long pass has no branch
        int[] count = new int[1 << RADIX_BITS];
        for (int i = 0; i < n; i++) count[bucket(scores[i])]++;
        for (int w = 0; w < excluded.length; w++) {
            for (long bits = excluded[w]; bits != 0; bits &= bits - 1) {
                count[bucket(scores[(w << 6) + Long.numberOfTrailingZeros(bits)])]--;
                m--;
            }
        }
        if (k < 0 || k > m) {
            throw new IllegalArgumentException("topk: k must be in [0, " + m + "] (positions outside the set), got " + k);
        }
        if (k == 0) return new int[0];
        int b = count.length - 1, before = 0;
        while (before + count[b] < k) before += count[b--];
        // one more pass: buckets above b are taken outright, bucket b competes by the full key
        int[] above = new int[before], boundary = new int[count[b]];
        long[] keys = new long[count[b]];
        int na = 0, nb = 0;
        for (int i = 0; i < n; i++) {
            int bi = bucket(scores[i]);
            if (bi < b || (excluded[i >>> 6] & (1L << i)) != 0) continue;
            if (bi > b) {
                above[na++] = i;
            } else {
                boundary[nb] = i;
                keys[nb++] = key(scores[i], i);
            }
        }
        long threshold = nth(keys.clone(), nb - (k - before));
        int[] out = new int[k];
        int c = 0, x = 0;
        for (int j = 0; j < nb; j++) { // merge the two ascending lists
            if (keys[j] < threshold) continue;
            while (x < na && above[x] < boundary[j]) out[c++] = above[x++];
            out[c++] = boundary[j];
        }
        while (x < na) out[c++] = above[x++];
        assert c == k;
        return out;
    }

    /** The k-th key (from the top when {@code largest}) by introselect over every candidate's key. */
    private static long fullThreshold(float[] scores, int[] candidates, int m, int k, boolean largest) {
        long[] keys = new long[m];
        for (int j = 0; j < m; j++) {
            int i = candidates == null ? j : candidates[j];
            keys[j] = key(scores[i], i);
        }
        // keys are distinct, so the threshold splits them into exactly k and m - k
        return largest ? nth(keys, m - k) : nth(keys, k - 1);
    }

    /**
     * The same threshold with one counting pass first: candidates are bucketed by the top {@link #RADIX_BITS} bits of
     * their score's order-preserving image; the bucket holding the k-th key is found from the counts, and only its
     * members go through the introselect (with the full key, so ties still break by index). On a RigL layer this
     * selects among a few hundred keys instead of the whole layer (the grow step over every inactive position, the
     * drop step over every position), which is what makes a topology update cheap.
     */
    private static long radixThreshold(float[] scores, int[] candidates, int m, int k, boolean largest) {
        int[] count = new int[1 << RADIX_BITS];
        for (int j = 0; j < m; j++) count[bucket(scores[candidates == null ? j : candidates[j]])]++;
        // walk buckets from the winning end until they hold k keys; b is the boundary bucket
        int b = largest ? count.length - 1 : 0, step = largest ? -1 : 1, before = 0;
        while (before + count[b] < k) {
            before += count[b];
            b += step;
        }
        long[] keys = new long[count[b]];
        int c = 0;
        for (int j = 0; j < m; j++) {
            int i = candidates == null ? j : candidates[j];
            if (bucket(scores[i]) == b) keys[c++] = key(scores[i], i);
        }
        int need = k - before; // keys still to take from the boundary bucket, 1..count[b]
        return largest ? nth(keys, keys.length - need) : nth(keys, need - 1);
    }

    /** The top bits of the key's score part, as an unsigned bucket number in key order. */
    private static int bucket(float score) {
        int bits = Float.floatToIntBits(score + 0.0f);
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return (sortable ^ Integer.MIN_VALUE) >>> (32 - RADIX_BITS);
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
