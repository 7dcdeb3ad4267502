package org.sparsetrain.rigl.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void tiesGoToTheLowerIndexAndSmallestIsTheComplement() {
        float[] s = {0.4f, 0.9f, 0.4f, 0.4f, 0.1f};
        assertArrayEquals(new int[] {0, 1}, TopK.largest(s, 2));
        assertArrayEquals(new int[] {0, 1, 2}, TopK.largest(s, 3));
        // complement of largest(5 - 2) = {0, 1, 2}
        assertArrayEquals(new int[] {3, 4}, TopK.smallest(s, 2));
    }

    @Test
    void kZeroAndKAll() {
        float[] s = {3, 1, 2};
        assertArrayEquals(new int[0], TopK.largest(s, 0));
        assertArrayEquals(new int[] {0, 1, 2}, TopK.largest(s, 3));
        assertArrayEquals(new int[] {2, 0}, TopK.largest(s, new int[] {2, 0}, 2));
        assertArrayEquals(new int[0], TopK.largest(new float[0], 0));
    }

    @Test
    void nanRanksAboveInfinityAndNegativeZeroEqualsZero() {
        float[] s = {Float.POSITIVE_INFINITY, Float.NaN, -0.0f, 0.0f, Float.NEGATIVE_INFINITY};
        assertArrayEquals(new int[] {1}, TopK.largest(s, 1));
        assertArrayEquals(new int[] {0, 1}, TopK.largest(s, 2));
        assertArrayEquals(new int[] {0, 1, 2}, TopK.largest(s, 3)); // -0.0 at 2 ties 0.0 at 3: lower index
        assertArrayEquals(new int[] {4}, TopK.smallest(s, 1));
        assertArrayEquals(new int[] {3, 4}, TopK.smallest(s, 2));
    }

    @Test
    void candidateSubsetIsRespectedAndResultFollowsCandidateOrder() {
        float[] s = {9, 8, 7, 6, 5, 4};
        assertArrayEquals(new int[] {4, 3}, TopK.largest(s, new int[] {5, 4, 3}, 2)); // scores 5 and 6
        assertArrayEquals(new int[] {5}, TopK.smallest(s, new int[] {5, 4, 3}, 1));
    }

    @Test
    void adversarialPatternsMatchTheOracle() {
        int n = 100_003;
        SplittableRandom rnd = new SplittableRandom(7);
        List<float[]> patterns = List.of(
            fill(n, j -> j),                       // ascending
            fill(n, j -> n - j),                   // descending
            fill(n, j -> 1f),                      // all equal: order by index only
            fill(n, j -> Math.min(j, n - j)),      // organ pipe
            fill(n, j -> j % 3),                   // three values
            fill(n, j -> (float) rnd.nextGaussian()));
        for (float[] s : patterns) {
            for (int k : new int[] {1, n / 10, n / 2, n - 1}) {
                assertArrayEquals(SortTopK.largest(s, k), TopK.largest(s, k));
                assertArrayEquals(SortTopK.smallest(s, k), TopK.smallest(s, k));
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        float[] s = {1, 2, 3};
        var k = assertThrows(IllegalArgumentException.class, () -> TopK.largest(s, 4));
        assertTrue(k.getMessage().contains("[0, 3]") && k.getMessage().contains("4"), k.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopK.largest(s, -1));
        var range = assertThrows(IllegalArgumentException.class, () -> TopK.largest(s, new int[] {0, 3}, 1));
        assertTrue(range.getMessage().contains("3"), range.getMessage());
        var dup = assertThrows(IllegalArgumentException.class, () -> TopK.largest(s, new int[] {1, 1}, 1));
        assertTrue(dup.getMessage().contains("twice"), dup.getMessage());
    }

    private interface IndexToFloat { float at(int i); }

    private static float[] fill(int n, IndexToFloat f) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = f.at(i);
        return a;
    }
}
