package org.sparsetrain.rigl.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link DropAndGrow#updateActive} (the sparse layer's update, from active positions only) makes exactly the
 * decisions of the dense {@link DropAndGrow#update}, counts included, also when kept weights are exactly 0 and the
 * reference's all-positions ranking ties them with inactive positions (revivals). Sizes cross
 * {@link TopK#RADIX_MIN}, scores have many ties.
 */
class ActiveDropGrowProperties {

    @Property(tries = 200)
    void decidesLikeTheDenseUpdate(@ForAll @IntRange(min = 1, max = 9000) int n,
                                   @ForAll @DoubleRange(min = 0.01, max = 1) double density,
                                   @ForAll @DoubleRange(min = 0, max = 1) double dropFraction,
                                   @ForAll boolean zeroWeights, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] mask = new boolean[n];
        float[] w = new float[n], g = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = rnd.nextDouble() < density;
            float v = zeroWeights ? (rnd.nextInt(5) - 2) * 0.25f : (float) rnd.nextGaussian();
            w[i] = mask[i] ? v : 0f;
            g[i] = rnd.nextInt(6) * 0.5f; // ties in the grow scores
        }
        int[] active = IntStream.range(0, n).filter(i -> mask[i]).toArray();
        float[] activeWeights = new float[active.length];
        for (int p = 0; p < active.length; p++) activeWeights[p] = w[active[p]];
        int nDrop = DropAndGrow.dropCount(active.length, dropFraction);

        DropGrowResult dense = DropAndGrow.update(mask, w, g, nDrop);
        DropAndGrow.ActiveDropGrow fast = DropAndGrow.updateActive(active, activeWeights, g, nDrop);
        int[] expected = IntStream.range(0, n).filter(i -> dense.newMask()[i]).toArray();
        assertArrayEquals(expected, fast.newActive());
        assertEquals(dense.dropped().length, fast.dropped());
        assertEquals(dense.grown().length, fast.grown());
        assertEquals(dense.newConnections().length, fast.newConnections());
        assertEquals(dense.revived().length, fast.revived());
    }

    @Property(tries = 100)
    void largestOutsideEqualsLargestOverTheComplement(@ForAll @IntRange(min = 0, max = 9000) int n,
                                                      @ForAll @IntRange(min = 0, max = 1000) int kPermille,
                                                      @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] s = new float[n];
        long[] excluded = new long[(n + 63) >>> 6];
        for (int i = 0; i < n; i++) {
            s[i] = rnd.nextBoolean() ? rnd.nextInt(4) : (float) rnd.nextGaussian();
            if (rnd.nextInt(3) == 0) excluded[i >>> 6] |= 1L << i;
        }
        int[] candidates = IntStream.range(0, n).filter(i -> (excluded[i >>> 6] & (1L << i)) == 0).toArray();
        int k = (int) ((long) candidates.length * kPermille / 1000);
        assertArrayEquals(SortTopK.largest(s, candidates, k), TopK.largestOutside(s, excluded, k));
    }
}
