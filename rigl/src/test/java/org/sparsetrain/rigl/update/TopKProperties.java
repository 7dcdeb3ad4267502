package org.sparsetrain.rigl.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link TopK} (introselect on packed keys) selects exactly the set {@link SortTopK} does. */
class TopKProperties {

    /** Few distinct values (many ties), signed zeros, infinities and NaN. */
    private static final float[] PALETTE = {0f, -0f, 1f, 1f, 0.5f, -0.5f, 2f, Float.NaN,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE};

    @Property(tries = 400)
    void largestAndSmallestMatchTheSortOracle(@ForAll @IntRange(min = 0, max = 10000) int n, // past TopK.RADIX_MIN
                                              @ForAll @IntRange(min = 0, max = 1000) int kPermille,
                                              @ForAll boolean subset, @ForAll boolean tiesHeavy,
                                              @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = tiesHeavy ? PALETTE[rnd.nextInt(PALETTE.length)] : (float) rnd.nextGaussian();
        }
        int[] candidates = subset
                ? java.util.stream.IntStream.range(0, n).filter(i -> rnd.nextBoolean()).toArray()
                : java.util.stream.IntStream.range(0, n).toArray();
        int k = (int) ((long) candidates.length * kPermille / 1000);

        int[] fast = TopK.largest(scores, candidates, k);
        assertArrayEquals(SortTopK.largest(scores, candidates, k), sorted(fast));
        int[] fastLow = TopK.smallest(scores, candidates, k);
        assertArrayEquals(SortTopK.smallest(scores, candidates, k), sorted(fastLow));
        if (!subset) assertArrayEquals(fast, TopK.largest(scores, k));
    }

    @Property(tries = 200)
    void smallestIsTheComplementOfLargest(@ForAll @IntRange(min = 0, max = 500) int n,
                                          @ForAll @IntRange(min = 0, max = 500) int kRaw, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) scores[i] = PALETTE[rnd.nextInt(PALETTE.length)];
        int k = n == 0 ? 0 : kRaw % (n + 1);
        boolean[] marked = new boolean[n];
        for (int i : TopK.largest(scores, n - k)) marked[i] = true;
        for (int i : TopK.smallest(scores, k)) marked[i] = !marked[i] || fail(i);
        for (boolean b : marked) if (!b) throw new AssertionError("a position is in neither set");
    }

    private static boolean fail(int i) {
        throw new AssertionError("index " + i + " is both among the largest and the smallest");
    }

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }
}
