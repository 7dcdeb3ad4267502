package org.sparsetrain.engine.data;

import java.util.Arrays;

/**
 * A labelled data set held in memory: {@code count} items of {@code itemShape} (e.g. {@code [1, 28, 28]} or
 * {@code [3, 32, 32]}, channel-first like the files), values row-major in {@code features}, one integer label
 * per item in {@code [0, classes)}.
 *
 * @param name     where the data came from, for manifests and messages
 * @param features {@code count * product(itemShape)} values, item after item
 */
public record Dataset(String name, float[] features, int[] labels, int[] itemShape, int classes) {
    public Dataset {
        if (itemShape.length == 0) throw new IllegalArgumentException("dataset " + name + ": empty item shape");
        int item = 1;
        for (int d : itemShape) {
            if (d <= 0) throw new IllegalArgumentException("dataset " + name + ": item shape " + Arrays.toString(itemShape));
            item *= d;
        }
        if (labels.length == 0) throw new IllegalArgumentException("dataset " + name + ": no items");
        if ((long) labels.length * item != features.length) {
            throw new IllegalArgumentException("dataset " + name + ": " + features.length + " values for "
                    + labels.length + " items of shape " + Arrays.toString(itemShape));
        }
        if (classes < 2) throw new IllegalArgumentException("dataset " + name + ": classes must be >= 2, got " + classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("dataset " + name + ": label " + labels[i] + " of item " + i
                        + " is outside [0, " + classes + ")");
            }
        }
        itemShape = itemShape.clone();
    }

    public int count() { return labels.length; }

    /** Values per item. */
    public int itemSize() { return features.length / labels.length; }

    @Override public int[] itemShape() { return itemShape.clone(); }

    /** The items at {@code indices}, in that order (copies). */
    public Dataset subset(String subsetName, int[] indices) {
        int item = itemSize();
        float[] f = new float[indices.length * item];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int src = indices[i];
            if (src < 0 || src >= count()) {
                throw new IndexOutOfBoundsException("dataset " + name + ": subset index " + src + " outside [0, " + count() + ")");
            }
            System.arraycopy(features, src * item, f, i * item, item);
            l[i] = labels[src];
        }
        return new Dataset(subsetName, f, l, itemShape, classes);
    }

    /** The first {@code n} items (or all, if fewer). */
    public Dataset head(int n) {
        int[] idx = new int[Math.min(n, count())];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return subset(name + "[:" + idx.length + "]", idx);
    }

    /** Per-channel mean and standard deviation over all items (channel = first item dimension). */
    public double[][] channelStats() {
        int channels = itemShape[0], plane = itemSize() / channels;
        double[] sum = new double[channels], sq = new double[channels];
        for (int i = 0; i < count(); i++) {
            for (int c = 0; c < channels; c++) {
                int base = i * itemSize() + c * plane;
                for (int p = 0; p < plane; p++) {
                    double v = features[base + p];
                    sum[c] += v;
                    sq[c] += v * v;
                }
            }
        }
        double n = (double) count() * plane;
        double[] mean = new double[channels], std = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / n;
            std[c] = Math.sqrt(Math.max(sq[c] / n - mean[c] * mean[c], 1e-12));
        }
        return new double[][] {mean, std};
    }
}
