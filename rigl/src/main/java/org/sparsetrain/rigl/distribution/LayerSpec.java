package org.sparsetrain.rigl.distribution;

import java.util.Arrays;
import java.util.Objects;

/**
 * One weight tensor as the sparsity distribution sees it.
 *
 * @param name         unique layer name (e.g. {@code "fc1"}, {@code "layers.0.weight"})
 * @param shape        PyTorch layout: {@code [out, in]} for {@link LayerKind#LINEAR},
 *                     {@code [Co, Ci/groups, kH, kW]} for {@link LayerKind#CONV}
 * @param kind         linear or convolution
 * @param sparsifiable false for a layer that is never masked (e.g. the first convolution in the
 *                     reference CIFAR/ImageNet scripts); such a layer stays dense and is outside
 *                     the sparsity budget, as unmasked kernels are in the reference (spec §1.1)
 */
public record LayerSpec(String name, int[] shape, LayerKind kind, boolean sparsifiable) {

    public LayerSpec {
        Objects.requireNonNull(name, "layer name");
        Objects.requireNonNull(shape, "layer shape");
        Objects.requireNonNull(kind, "layer kind");
        if (name.isBlank()) throw new IllegalArgumentException("LayerSpec: name must not be blank");
        int rank = kind == LayerKind.LINEAR ? 2 : 4;
        if (shape.length != rank) {
            throw new IllegalArgumentException("LayerSpec '" + name + "': a " + kind + " weight has rank "
                    + rank + (kind == LayerKind.LINEAR ? " [out, in]" : " [Co, Ci/groups, kH, kW]")
                    + ", got shape " + Arrays.toString(shape));
        }
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("LayerSpec '" + name + "': every dimension must be positive, got "
                        + Arrays.toString(shape));
            }
        }
        shape = shape.clone();
    }

    /** A sparsifiable fully connected layer with weight {@code [out, in]}. */
    public static LayerSpec linear(String name, int out, int in) {
        return new LayerSpec(name, new int[] {out, in}, LayerKind.LINEAR, true);
    }

    /** A sparsifiable convolution with weight {@code [co, ciPerGroup, kh, kw]}. */
    public static LayerSpec conv(String name, int co, int ciPerGroup, int kh, int kw) {
        return new LayerSpec(name, new int[] {co, ciPerGroup, kh, kw}, LayerKind.CONV, true);
    }

    /** The same layer, marked as never masked. */
    public LayerSpec dense() {
        return new LayerSpec(name, shape, kind, false);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of weights, {@code prod(shape)}. */
    public long numel() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** {@code sum(shape)}, used by ERK. Layout-independent (a permutation of the TF shape). */
    public long dimSum() {
        long s = 0;
        for (int d : shape) s += d;
        return s;
    }

    /** Input channels/features: the TF layout's second-to-last dimension. */
    public int fanInChannels() {
        return shape[1];
    }

    /** Output channels/features: the TF layout's last dimension. */
    public int fanOutChannels() {
        return shape[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerSpec l && name.equals(l.name) && Arrays.equals(shape, l.shape)
                && kind == l.kind && sparsifiable == l.sparsifiable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), kind, sparsifiable);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " " + kind + (sparsifiable ? "" : " (dense)");
    }
}
