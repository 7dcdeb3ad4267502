package org.sparsetrain.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The radix-select host algorithm of the GPU top-k, through its scalar twin, against a stable sort. */
class TopKThresholdTest {
    /** The definition: candidates by descending |g|, ties by ascending index, the first k. */
    static byte[] bySorting(byte[] mask, float[] grad, long k) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < grad.length; i++) if (mask[i] == 0 && !Float.isNaN(grad[i])) candidates.add(i);
        candidates.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(grad[i])).thenComparingInt(i -> i));
        byte[] out = new byte[grad.length];
        for (int j = 0; j < Math.min(k, candidates.size()); j++) out[candidates.get(j)] = 1;
        return out;
    }

    @ParameterizedTest @ValueSource(ints = {0, 1, 7, 100, 999, 1000, 5000})
    void matchesAStableSortIncludingTiesAndZeros(int k) {
        SplittableRandom rng = new SplittableRandom(k);
        int n = 3000;
        byte[] mask = new byte[n];
        float[] grad = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = (byte) (rng.nextDouble() < 0.6 ? 1 : 0);
            grad[i] = switch (rng.nextInt(4)) {
                case 0 -> 0f;                                        // many exact zeros
                case 1 -> (float) Math.scalb(1.0, -rng.nextInt(140)); // powers of two, down to subnormals: many ties
                case 2 -> -0.5f;                                     // a large tie group
                default -> (float) rng.nextGaussian();
            };
        }
        assertArrayEquals(bySorting(mask, grad, k), TopKSelectionTwin.select(mask, grad, k), "k=" + k);
    }

    @Test void infinitiesAndNaNs() {
        byte[] mask = new byte[6];
        float[] grad = {Float.NaN, Float.NEGATIVE_INFINITY, 1, Float.POSITIVE_INFINITY, -2, Float.NaN};
        assertArrayEquals(new byte[] {0, 1, 0, 1, 0, 0}, TopKSelectionTwin.select(mask, grad, 2));
        assertArrayEquals(new byte[] {0, 1, 1, 1, 1, 0}, TopKSelectionTwin.select(mask, grad, 6), "NaN is never selected");
    }

    @Test void thresholdAndCountsAreExact() {
        float[] score = {3, 1, 2, 2, 2, -1, 0};
        TopKThreshold.Selection s = TopKThreshold.find(t -> TopKSelectionTwin.countAtLeast(score, t), 3);
        assertEquals(2f, s.threshold());
        assertEquals(1, s.above());
        assertEquals(2, s.tiesWanted());
        assertEquals(3, s.count());
        var e = assertThrows(IllegalArgumentException.class, () -> TopKThreshold.find(t -> 0, -1));
        assertEquals("top-k: k must be >= 0, got -1", e.getMessage());
    }

    @Test void usesAtMost33CountingPasses() {
        int[] passes = {0};
        float[] score = new float[10_000];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < score.length; i++) score[i] = (float) rng.nextDouble();
        TopKThreshold.find(t -> {
            passes[0]++;
            return TopKSelectionTwin.countAtLeast(score, t);
        }, 500);
        assertEquals(33, passes[0], "1 candidate count + 31 bits + 1 strictly-above count");
    }
}
