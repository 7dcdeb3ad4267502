package org.sparsetrain.rigl.flops;

import java.util.Objects;
import org.sparsetrain.rigl.distribution.LayerKind;
import org.sparsetrain.rigl.distribution.LayerSpec;

/**
 * A layer with what the FLOP counter needs beyond its weight shape (MN
 * {@code counting.py::count_ops}, rigl-spec §5.1).
 *
 * @param layer       the weight
 * @param inputHeight input spatial height seen by a convolution (ignored for linear layers)
 * @param inputWidth  input spatial width seen by a convolution (ignored for linear layers)
 * @param stride      convolution stride (1 for linear layers)
 * @param padding     zero padding per side; the reference's {@code 'same'} is {@code k/2},
 *                    {@code 'valid'} is 0 (both give {@code floor((H + 2p − k)/t) + 1})
 * @param bias        count one add per output (the reference counts it on every layer)
 * @param activation  count one multiplication per output for the ReLU (likewise)
 */
public record CountedLayer(LayerSpec layer, int inputHeight, int inputWidth, int stride, int padding,
                           boolean bias, boolean activation) {

    public CountedLayer {
        Objects.requireNonNull(layer, "counted layer: layer");
        if (layer.kind() == LayerKind.CONV) {
            int[] s = layer.shape();
            if (stride <= 0 || padding < 0 || inputHeight <= 0 || inputWidth <= 0) {
                throw new IllegalArgumentException("counted layer '" + layer.name() + "': need input size > 0, stride > 0, "
                        + "padding >= 0, got input " + inputHeight + "x" + inputWidth + ", stride " + stride
                        + ", padding " + padding);
            }
            if (inputHeight + 2 * padding < s[2] || inputWidth + 2 * padding < s[3]) {
                throw new IllegalArgumentException("counted layer '" + layer.name() + "': kernel " + s[2] + "x" + s[3]
                        + " does not fit the padded input " + inputHeight + "x" + inputWidth + " (padding " + padding + ")");
            }
        }
    }

    /** A fully connected layer counted with bias and ReLU, as {@code get_stats} does. */
    public static CountedLayer linear(LayerSpec layer) {
        if (layer.kind() != LayerKind.LINEAR) {
            throw new IllegalArgumentException("counted layer '" + layer.name() + "' is " + layer.kind() + ", not LINEAR");
        }
        return new CountedLayer(layer, 1, 1, 1, 0, true, true);
    }

    /** A convolution on a square input, counted with bias and ReLU. */
    public static CountedLayer conv(LayerSpec layer, int inputSize, int stride, int padding) {
        if (layer.kind() != LayerKind.CONV) {
            throw new IllegalArgumentException("counted layer '" + layer.name() + "' is " + layer.kind() + ", not CONV");
        }
        return new CountedLayer(layer, inputSize, inputSize, stride, padding, true, true);
    }

    /** The same layer without the bias and activation terms. */
    public CountedLayer weightsOnly() {
        return new CountedLayer(layer, inputHeight, inputWidth, stride, padding, false, false);
    }

    /** Output elements per example: {@code c_out} or {@code H_out·W_out·c_out}. */
    public long outputElements() {
        int[] s = layer.shape();
        if (layer.kind() == LayerKind.LINEAR) return s[0];
        long h = (inputHeight + 2L * padding - s[2]) / stride + 1;
        long w = (inputWidth + 2L * padding - s[3]) / stride + 1;
        return h * w * s[0];
    }

    /** Inputs feeding one output when dense: {@code c_in} or {@code kH·kW·c_in/groups}. */
    public long denseFanIn() {
        int[] s = layer.shape();
        return layer.kind() == LayerKind.LINEAR ? s[1] : (long) s[1] * s[2] * s[3];
    }

    /**
     * FLOPs (multiplications + additions) per example at sparsity {@code s}: with
     * {@code v = fanIn·(1−s)}, {@code v·N_out} mults and {@code (v−1)·N_out} adds, plus
     * {@code N_out} adds for the bias and {@code N_out} mults for the ReLU. Summation order as the
     * reference, so the doubles match.
     */
    public double flops(double sparsity) {
        double nOut = outputElements();
        double vec = denseFanIn() * (1 - sparsity);
        double mults = vec * nOut;
        double adds = (vec - 1) * nOut;
        if (bias) adds += nOut;
        if (activation) mults += nOut;
        return mults + adds;
    }

    /**
     * Size in bits at sparsity {@code s}: {@code n·bits·(1−s)} values, plus a 1-bit mask per
     * element when {@code s > 0}, plus {@code c_out·bits} for the bias.
     */
    public double sizeBits(double sparsity, int bitsPerValue) {
        long n = layer.numel();
        double bits = (double) (n * bitsPerValue) * (1 - sparsity) + (sparsity > 0 ? n : 0);
        if (bias) bits += (double) layer.shape()[0] * bitsPerValue;
        return bits;
    }
}
