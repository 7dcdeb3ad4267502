package org.sparsetrain.engine.nn.init;

import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Initialisers that overwrite a tensor's values in place and return it, PyTorch's {@code torch.nn.init} without
 * the trailing underscore. Fans come from the shape: {@code [out][in]} has fanIn = in, fanOut = out;
 * {@code [Co][Ci/g][kH][kW]} has fanIn = Ci/g * kH * kW, fanOut = Co * kH * kW.
 *
 * <p>Write into leaves only (a parameter before training), never into a tensor a graph has saved.
 */
public final class Init {
    private Init() {}

    /** Inputs feeding each output unit: {@code dim(1) * receptive field}. */
    public static int fanIn(Shape s) {
        checkFanRank(s);
        return s.dim(1) * receptiveField(s);
    }

    /** Output units each input feeds: {@code dim(0) * receptive field}. */
    public static int fanOut(Shape s) {
        checkFanRank(s);
        return s.dim(0) * receptiveField(s);
    }

    private static int receptiveField(Shape s) {
        int r = 1;
        for (int i = 2; i < s.rank(); i++) r *= s.dim(i);
        return r;
    }

    private static void checkFanRank(Shape s) {
        if (s.rank() < 2) {
            throw new IllegalArgumentException("init: fan in/out need a tensor of rank >= 2 ([out][in] or "
                    + "[Co][Ci/g][kH][kW]), got shape " + s);
        }
    }

    private static int fan(Shape s, FanMode mode) { return mode == FanMode.FAN_IN ? fanIn(s) : fanOut(s); }

    /** He et al. (2015): {@code U(-b, b)} with {@code b = gain * sqrt(3 / fan)}, i.e. std {@code gain / sqrt(fan)}. */
    public static Tensor kaimingUniform(Tensor t, FanMode mode, double gain, Rng rng) {
        double bound = gain * Math.sqrt(3.0 / fan(t.shape(), mode));
        return uniform(t, -bound, bound, rng);
    }

    /** He et al. (2015): {@code N(0, std^2)} with {@code std = gain / sqrt(fan)}. */
    public static Tensor kaimingNormal(Tensor t, FanMode mode, double gain, Rng rng) {
        return normal(t, 0.0, gain / Math.sqrt(fan(t.shape(), mode)), rng);
    }

    /** Glorot and Bengio (2010): {@code U(-b, b)} with {@code b = gain * sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor glorotUniform(Tensor t, double gain, Rng rng) {
        double bound = gain * Math.sqrt(6.0 / (fanIn(t.shape()) + fanOut(t.shape())));
        return uniform(t, -bound, bound, rng);
    }

    /** Glorot and Bengio (2010): {@code N(0, std^2)} with {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor glorotNormal(Tensor t, double gain, Rng rng) {
        return normal(t, 0.0, gain * Math.sqrt(2.0 / (fanIn(t.shape()) + fanOut(t.shape()))), rng);
    }

    /** Independent draws from {@code U(lo, hi)}. */
    public static Tensor uniform(Tensor t, double lo, double hi, Rng rng) {
        if (!(lo <= hi)) throw new IllegalArgumentException("init.uniform: need lo <= hi, got [" + lo + ", " + hi + ")");
        for (int i = 0; i < t.size(); i++) t.setFlat(i, rng.uniform(lo, hi));
        return t;
    }

    /** Independent draws from {@code N(mean, std^2)}. */
    public static Tensor normal(Tensor t, double mean, double std, Rng rng) {
        if (!(std >= 0)) throw new IllegalArgumentException("init.normal: std must be >= 0, got " + std);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, mean + std * rng.normal());
        return t;
    }

    public static Tensor zeros(Tensor t) { return t.fill(0.0); }

    public static Tensor ones(Tensor t) { return t.fill(1.0); }
}
