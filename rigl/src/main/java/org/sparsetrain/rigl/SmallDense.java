package org.sparsetrain.rigl;

import java.util.Arrays;

/**
 * The Small-Dense baseline (rigl-spec §4.9) for MLPs such as LeNet-300-100: the width multiplier
 * that makes a dense network with the same number of parameters as a sparse one. The multiplier
 * scales every hidden layer, not the input or the output (the TF colab's rule), and each hidden
 * size is {@code max(1, round(h·w))}, as the model zoo's {@code --width} applies it.
 *
 * <p>Parameters counted: weights and biases; the sparse model's count is its active weights plus
 * its (dense) biases. TF matches parameter <em>bits</em> including 1-bit masks instead; that
 * would allow a slightly wider dense model.
 */
public final class SmallDense {

    private SmallDense() {}

    /** Weights plus biases of an MLP with the given layer sizes {@code [in, h1, …, out]}. */
    public static long mlpParameters(int[] sizes) {
        checkSizes(sizes);
        long p = 0;
        for (int i = 0; i + 1 < sizes.length; i++) p += (long) sizes[i] * sizes[i + 1] + sizes[i + 1];
        return p;
    }

    /** The layer sizes with every hidden size scaled by {@code width} ({@code max(1, round(h·w))}). */
    public static int[] scaled(int[] sizes, double width) {
        checkSizes(sizes);
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("small dense: width multiplier must be finite and > 0, got " + width);
        }
        int[] out = sizes.clone();
        for (int i = 1; i + 1 < sizes.length; i++) out[i] = Math.max(1, (int) Math.round(sizes[i] * width));
        return out;
    }

    /**
     * The largest width multiplier in (0, 1] whose scaled MLP has at most {@code targetParameters}
     * parameters, to 1e-9. Every hidden size is an integer, so the parameter count is a step
     * function of the width; the result lies on the last step not above the target.
     *
     * @throws IllegalArgumentException when even width → 0 (hidden sizes 1) exceeds the target
     */
    public static double mlpWidth(int[] sizes, long targetParameters) {
        checkSizes(sizes);
        if (sizes.length < 3) throw new IllegalArgumentException("small dense: an MLP without hidden layer has no width; sizes "
                + Arrays.toString(sizes));
        long floor = mlpParameters(scaled(sizes, 1e-12));
        if (targetParameters < floor) {
            throw new IllegalArgumentException("small dense: " + targetParameters + " parameters is below the "
                    + floor + " of the narrowest MLP " + Arrays.toString(scaled(sizes, 1e-12)));
        }
        if (mlpParameters(sizes) <= targetParameters) return 1.0;
        double lo = 1e-12;
        double hi = 1.0;
        for (int i = 0; i < 200 && hi - lo > 1e-9; i++) {
            double mid = (lo + hi) / 2;
            if (mlpParameters(scaled(sizes, mid)) <= targetParameters) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /**
     * The width of a dense MLP with as many parameters as the model under {@code sparse} (its
     * active weights plus one bias per output of every layer), given that model's layer sizes.
     */
    public static double mlpWidthMatching(RigL sparse, int[] sizes) {
        long weights = 0;
        for (int i = 0; i + 1 < sizes.length; i++) weights += (long) sizes[i] * sizes[i + 1];
        long biases = mlpParameters(sizes) - weights;
        if (weights != sparse.totalWeights()) {
            throw new IllegalArgumentException("small dense: sizes " + Arrays.toString(sizes) + " give " + weights
                    + " weights, the scheduler's model has " + sparse.totalWeights());
        }
        return mlpWidth(sizes, sparse.totalNnz() + biases);
    }

    private static void checkSizes(int[] sizes) {
        if (sizes == null || sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s <= 0)) {
            throw new IllegalArgumentException("small dense: need at least [in, out] sizes, all positive, got "
                    + Arrays.toString(sizes));
        }
    }
}
