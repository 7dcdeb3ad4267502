package org.sparsetrain.rigl.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link SampledBound}, the grow step's one-pass shortcut, returns exactly the sort-based oracle's selection whenever
 * it answers, {@link TopK#largestOutside} (which uses it from {@link TopK#SAMPLED_MIN} scores on) always does, and the
 * shortcut does answer on the grow step's typical input, so the equality is not only ever checked on the fallback.
 */
class SampledBoundProperties {

    /** Score patterns: RigL-like magnitudes, heavy ties, signed values, sprinkled NaN and infinities, all zero. */
    private static float score(int pattern, SplittableRandom rnd) {
        return switch (pattern) {
            case 0 -> (float) (Math.abs(rnd.nextGaussian()) * Math.exp(rnd.nextGaussian())) * 1e-3f;
            case 1 -> rnd.nextInt(5) / 4f;
            case 2 -> (float) rnd.nextGaussian();
            case 3 -> switch (rnd.nextInt(200)) {
                case 0 -> Float.NaN;
                case 1 -> Float.POSITIVE_INFINITY;
                case 2 -> -0.0f;
                default -> (float) Math.abs(rnd.nextGaussian());
            };
            default -> 0f;
        };
    }

    @Property(tries = 60)
    void equalsTheOracleOverTheComplement(@ForAll @IntRange(min = 16384, max = 60000) int n,
                                          @ForAll @IntRange(min = 0, max = 4) int pattern,
                                          @ForAll @IntRange(min = 0, max = 60) int excludedPercent,
                                          @ForAll @IntRange(min = 0, max = 120) int kPermille,
                                          @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] s = new float[n];
        long[] excluded = new long[(n + 63) >>> 6];
        for (int i = 0; i < n; i++) {
            s[i] = score(pattern, rnd);
            if (rnd.nextInt(100) < excludedPercent) excluded[i >>> 6] |= 1L << i;
        }
        int[] candidates = IntStream.range(0, n).filter(i -> (excluded[i >>> 6] & (1L << i)) == 0).toArray();
        int k = (int) ((long) candidates.length * kPermille / 1000);
        int[] expected = SortTopK.largest(s, candidates, k);
        assertArrayEquals(expected, TopK.largestOutside(s, excluded, k));
        int[] quick = k > 0 ? SampledBound.largestOutside(s, excluded, k) : null;
        if (quick != null) assertArrayEquals(expected, quick);
    }

    @Test
    void answersOnGrowStepLikeInput() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 300 * 784;
        float[] s = new float[n];
        long[] excluded = new long[(n + 63) >>> 6];
        for (int i = 0; i < n; i++) s[i] = score(0, rnd);
        for (int j = 0; j < n / 100; j++) {
            int f = rnd.nextInt(n);
            excluded[f >>> 6] |= 1L << f;
        }
        int[] candidates = IntStream.range(0, n).filter(i -> (excluded[i >>> 6] & (1L << i)) == 0).toArray();
        for (int k : new int[] {1, 705, 7056}) {
            int[] quick = SampledBound.largestOutside(s, excluded, k);
            assertNotNull(quick, "k = " + k);
            assertArrayEquals(SortTopK.largest(s, candidates, k), quick, "k = " + k);
        }
    }

    @Test
    void declinesWhenTheBoundCannotSeparate() {
        int n = 40000;
        float[] zeros = new float[n];
        assertNull(SampledBound.largestOutside(zeros, new long[(n + 63) >>> 6], 10), "all scores tie");
        float[] s = new float[n];
        for (int i = 0; i < n; i++) s[i] = i;
        assertNull(SampledBound.largestOutside(s, new long[(n + 63) >>> 6], n / 2), "k is half the layer");
        // large scores at a period close to the sample's stride, so the sample sees few of them: exact either way
        float[] hidden = new float[n];
        long[] none = new long[(n + 63) >>> 6];
        for (int i = 0; i < n; i++) hidden[i] = i % 39 == 1 ? 1000f + i : 0.5f;
        int[] all = IntStream.range(0, n).toArray();
        assertArrayEquals(SortTopK.largest(hidden, all, 50), TopK.largestOutside(hidden, none, 50));
    }
}
