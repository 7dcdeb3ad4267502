package org.sparsetrain.kernels.cuda;

/**
 * The host side of the GPU's top-k selection (topk.cu): radix select over the bits of non-negative float
 * scores, which order like the integers with the same bits. Starting from the sign-less top bit, a bit is kept
 * when at least {@code k} scores are {@code >=} the threshold with it set; 31 counting passes give the value of
 * the k-th largest score exactly, whatever the distribution. Scores {@code < 0} (active connections, -1) are
 * never counted; NaN scores compare false everywhere and are never selected.
 *
 * <p>The result says how many scores lie strictly above the threshold and how many of those equal to it are
 * wanted; the selection kernel takes the ties with the lowest indices, so the outcome is deterministic and
 * equals a stable sort by descending score.
 */
public final class TopKThreshold {
    /** Counts the scores {@code >= threshold} (a kernel on the GPU, a loop in tests). */
    @FunctionalInterface
    public interface Counter {
        long countAtLeast(float threshold);
    }

    /**
     * @param threshold the k-th largest score
     * @param above scores strictly greater than it (all selected)
     * @param tiesWanted scores equal to it to select, lowest indices first
     */
    public record Selection(float threshold, long above, long tiesWanted) {
        /** Total selected. */
        public long count() { return above + tiesWanted; }
    }

    private TopKThreshold() {}

    /** Where to cut to select the {@code k} largest candidate scores (all candidates when fewer than k). */
    public static Selection find(Counter counter, long k) {
        if (k < 0) throw new IllegalArgumentException("top-k: k must be >= 0, got " + k);
        if (k == 0) return new Selection(Float.POSITIVE_INFINITY, 0, 0);   // nothing is > +inf, no ties wanted
        long candidates = counter.countAtLeast(0f);
        if (candidates <= k) {                                   // everything: all > 0, and every zero score
            long positive = counter.countAtLeast(Float.MIN_VALUE);
            return new Selection(0f, positive, candidates - positive);
        }
        int bits = 0;
        for (int bit = 30; bit >= 0; bit--) {
            int trial = bits | (1 << bit);
            if (counter.countAtLeast(Float.intBitsToFloat(trial)) >= k) bits = trial;
        }
        float threshold = Float.intBitsToFloat(bits);
        long above = counter.countAtLeast(Float.intBitsToFloat(bits + 1));   // bits + 1 is the next float up (NaN past +inf)
        return new Selection(threshold, above, k - above);
    }
}
