package org.sparsetrain.rigl.update;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * The obvious O(m log m) oracle for {@link TopK}: sort the candidates by the same order (score
 * descending with -0.0 = 0.0 and NaN above +∞, then index ascending) and take a prefix. Written
 * with {@link Float#compare} rather than {@link TopK}'s bit trick so the two can check each other.
 * Results are returned in ascending index order.
 */
public final class SortTopK {

    private SortTopK() {}


    public static int[] largest(float[] scores, int[] candidates, int k) {
        Integer[] order = rank(scores, candidates, k);
        return sortedPrefix(order, k);
    }

    public static int[] smallest(float[] scores, int[] candidates, int k) {
        Integer[] order = rank(scores, candidates, k);
        int m = order.length;
        int[] out = new int[k];
        for (int j = 0; j < k; j++) out[j] = order[m - 1 - j];
        Arrays.sort(out);
        return out;
    }

    public static int[] largest(float[] scores, int k) {
        return largest(scores, all(scores.length), k);
    }

    public static int[] smallest(float[] scores, int k) {
        return smallest(scores, all(scores.length), k);
    }

    private static Integer[] rank(float[] scores, int[] candidates, int k) {
        Objects.requireNonNull(scores, "scores");
        if (k < 0 || k > candidates.length) {
            throw new IllegalArgumentException("sort-topk: k must be in [0, " + candidates.length + "], got " + k);
        }
        Integer[] order = Arrays.stream(candidates).boxed().toArray(Integer[]::new);
        Comparator<Integer> byScoreDesc = (x, y) -> Float.compare(canonical(scores[y]), canonical(scores[x]));
        Arrays.sort(order, byScoreDesc.thenComparingInt(Integer::intValue));
        return order;
    }

    private static float canonical(float v) {
        return v == 0.0f ? 0.0f : v;
    }

    private static int[] sortedPrefix(Integer[] order, int k) {
        int[] out = new int[k];
        for (int j = 0; j < k; j++) out[j] = order[j];
        Arrays.sort(out);
        return out;
    }

    private static int[] all(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
