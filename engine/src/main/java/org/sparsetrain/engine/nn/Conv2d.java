package org.sparsetrain.engine.nn;

import org.sparsetrain.engine.nn.init.FanMode;
import org.sparsetrain.engine.nn.init.Init;
import org.sparsetrain.engine.nn.init.Nonlinearity;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.ops.SparseConv2d;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * 2-D convolution with a square kernel over feature-major images {@code [C][H][W][N]}.
 *
 * <p>Parameters: {@code weight} {@code [outC][inC/groups][k][k]} (PyTorch order), {@code bias} {@code [outC]}.
 * Initialisation is PyTorch's default: {@code kaiming_uniform(a = sqrt(5))}, i.e.
 * {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} with {@code fanIn = inC/groups * k * k}, and the same bound for the bias.
 */
public final class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int groups, boolean bias, Rng rng) {
        this(inChannels, outChannels, kernel, stride, padding, groups, bias, DType.F32, rng);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int groups, boolean bias,
                  DType dtype, Rng rng) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0 || groups < 1) {
            throw new IllegalArgumentException("Conv2d: need channels, kernel, stride, groups >= 1 and padding >= 0, got in="
                    + inChannels + " out=" + outChannels + " kernel=" + kernel + " stride=" + stride + " padding="
                    + padding + " groups=" + groups);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: groups=" + groups + " must divide in channels " + inChannels
                    + " and out channels " + outChannels);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        Tensor w = Tensor.zeros(dtype, outChannels, inChannels / groups, kernel, kernel);
        Init.kaimingUniform(w, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU.gain(Math.sqrt(5)), rng);
        this.weight = registerParameter("weight", new Parameter(w));
        if (bias) {
            double bound = 1.0 / Math.sqrt(Init.fanIn(w.shape()));
            this.bias = registerParameter("bias",
                    new Parameter(Init.uniform(Tensor.zeros(dtype, outChannels), -bound, bound, rng)));
        } else {
            this.bias = null;
        }
    }

    public Parameter weight() { return weight; }

    /** The bias, or {@code null} for a layer built without one. */
    public Parameter bias() { return bias; }

    public int inChannels() { return inChannels; }

    public int outChannels() { return outChannels; }

    public int kernel() { return kernel; }

    public int stride() { return stride; }

    public int padding() { return padding; }

    public int groups() { return groups; }

    private int lastInputHeight, lastInputWidth;

    /** {@code x [inC][H][W][N] -> [outC][H'][W'][N]}. */
    @Override public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(0) != inChannels) {
            String has = x.rank() == 4 ? x.dim(0) + " channels" : "rank " + x.rank();
            throw new IllegalArgumentException(describe() + ": input has " + has + " (shape " + x.shape()
                    + "); inputs are feature-major [C, H, W, batch] with " + inChannels + " channels");
        }
        lastInputHeight = x.dim(1);
        lastInputWidth = x.dim(2);
        Tensor b = bias == null ? null : bias.data();
        if (weight.isSparse()) {
            if (groups != 1) {
                throw new IllegalStateException(describe() + ": a grouped convolution cannot run on a sparse weight; "
                        + "keep it masked (ExecutionMode.MASKED or AUTO)");
            }
            return SparseConv2d.apply(x, weight, b, stride, padding);
        }
        return Functional.conv2d(x, weight.data(), b, stride, padding, groups);
    }

    /**
     * The spatial size {@code {H, W}} of the last input this layer saw, or {@code null} before its first forward.
     * FLOP accounting needs it: a convolution's cost depends on the input size, which the weights do not give.
     */
    public int[] lastInputSize() {
        return lastInputHeight == 0 ? null : new int[] {lastInputHeight, lastInputWidth};
    }

    @Override protected String describe() {
        return "Conv2d(" + inChannels + "->" + outChannels + ", kernel=" + kernel + ", stride=" + stride + ", padding="
                + padding + (groups == 1 ? "" : ", groups=" + groups) + (bias == null ? ", no bias" : "") + ")";
    }
}
