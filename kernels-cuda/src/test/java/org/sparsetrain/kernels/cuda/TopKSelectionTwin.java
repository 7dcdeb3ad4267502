package org.sparsetrain.kernels.cuda;

/**
 * Scalar twins of topk.cu (grow_scores, count_at_least, count_ties + select_top), driven by the same host
 * algorithm {@link TopKThreshold}: the oracle for the GPU test and the CPU test of the algorithm itself.
 */
final class TopKSelectionTwin {
    private TopKSelectionTwin() {}

    static float[] scores(byte[] mask, float[] grad) {
        float[] s = new float[grad.length];
        for (int i = 0; i < s.length; i++) s[i] = mask[i] != 0 ? -1f : Math.abs(grad[i]);
        return s;
    }

    static long countAtLeast(float[] score, float threshold) {
        long c = 0;
        for (float s : score) if (s >= threshold) c++;
        return c;
    }

    static byte[] select(byte[] mask, float[] grad, long k) {
        float[] score = scores(mask, grad);
        TopKThreshold.Selection s = TopKThreshold.find(t -> countAtLeast(score, t), k);
        byte[] selected = new byte[score.length];
        long ties = 0;
        for (int i = 0; i < score.length; i++) {
            boolean tie = score[i] == s.threshold();
            selected[i] = (byte) (score[i] > s.threshold() || (tie && ties < s.tiesWanted()) ? 1 : 0);
            if (tie) ties++;
        }
        return selected;
    }
}
