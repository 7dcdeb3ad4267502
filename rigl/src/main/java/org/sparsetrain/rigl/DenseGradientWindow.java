package org.sparsetrain.rigl;

/**
 * The dense-gradient statistic a grow criterion reads, one float array per masked layer:
 * RigL's average over the last {@code n} mini-batches (rigl-torch {@code grad_accumulation_n},
 * spec §4.10) or SNFS's exponential moving average {@code EMA ← β·EMA + (1−β)·g} (TF
 * {@code SparseMomentumOptimizer}, no bias correction, spec §4.5).
 */
final class DenseGradientWindow {
    private final float[][] values;
    private final Double beta;
    private int count;

    private DenseGradientWindow(int[] sizes, Double beta) {
        this.values = new float[sizes.length][];
        for (int l = 0; l < sizes.length; l++) values[l] = new float[sizes[l]];
        this.beta = beta;
    }

    /** A sum of gradients, read as their mean. */
    static DenseGradientWindow mean(int[] sizes) {
        return new DenseGradientWindow(sizes, null);
    }

    /** An EMA with decay {@code beta}, starting at zero. */
    static DenseGradientWindow ema(int[] sizes, double beta) {
        return new DenseGradientWindow(sizes, beta);
    }

    /** Folds one batch's dense gradient of layer {@code l} in; {@code null} (no gradient) counts as zeros. */
    void add(int l, float[] g) {
        float[] v = values[l];
        if (beta == null) {
            if (g != null) for (int i = 0; i < v.length; i++) v[i] += g[i];
        } else {
            float b = (float) (double) beta;
            float a = 1f - b;
            for (int i = 0; i < v.length; i++) v[i] = b * v[i] + a * (g == null ? 0f : g[i]);
        }
    }

    /** Marks the end of one batch (after {@link #add} for every layer). */
    void endBatch() {
        count++;
    }

    /** Batches folded in since the last {@link #clear()}. */
    int count() {
        return count;
    }

    /** The absolute statistic of layer {@code l} as grow scores: {@code |mean|} or {@code |EMA|}. */
    float[] absScores(int l) {
        float[] v = values[l];
        float[] out = new float[v.length];
        float scale = beta == null && count > 0 ? 1f / count : 1f;
        for (int i = 0; i < v.length; i++) out[i] = Math.abs(v[i] * scale);
        return out;
    }

    void clear() {
        for (float[] v : values) java.util.Arrays.fill(v, 0f);
        count = 0;
    }

    int layers() {
        return values.length;
    }

    /** The raw array of layer {@code l} (live; for the state dict). */
    float[] raw(int l) {
        return values[l];
    }

    void restore(int l, float[] v, int count) {
        System.arraycopy(v, 0, values[l], 0, v.length);
        this.count = count;
    }
}
