package org.sparsetrain.engine.nn;

import org.sparsetrain.engine.nn.init.FanMode;
import org.sparsetrain.engine.nn.init.Init;
import org.sparsetrain.engine.nn.init.Nonlinearity;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.ops.SparseLinear;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Fully connected layer {@code y[out][N] = W[out][in] · x[in][N] + b[out]} on feature-major activations.
 *
 * <p>Initialisation is PyTorch's default: {@code kaiming_uniform(a = sqrt(5))} for the weight, which is
 * {@code U(-1/sqrt(in), 1/sqrt(in))}, and the same bound for the bias.
 * Parameters: {@code weight} {@code [out][in]}, {@code bias} {@code [out]} (absent when {@code bias} is false).
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int in, int out, boolean bias, Rng rng) { this(in, out, bias, DType.F32, rng); }

    public Linear(int in, int out, boolean bias, DType dtype, Rng rng) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: in and out features must be >= 1, got " + in + " -> " + out);
        }
        this.in = in;
        this.out = out;
        Tensor w = Tensor.zeros(dtype, out, in);
        Init.kaimingUniform(w, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU.gain(Math.sqrt(5)), rng);
        this.weight = registerParameter("weight", new Parameter(w));
        if (bias) {
            double bound = 1.0 / Math.sqrt(in);
            this.bias = registerParameter("bias", new Parameter(Init.uniform(Tensor.zeros(dtype, out), -bound, bound, rng)));
        } else {
            this.bias = null;
        }
    }

    public Parameter weight() { return weight; }

    /** The bias, or {@code null} for a layer built without one. */
    public Parameter bias() { return bias; }

    public int inFeatures() { return in; }

    public int outFeatures() { return out; }

    /** {@code x [in][N] -> [out][N]}. */
    @Override public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.dim(0) != in) {
            String has = x.rank() == 2 ? x.dim(0) + " features" : "rank " + x.rank();
            throw new IllegalArgumentException(describe() + ": input has " + has + " (shape " + x.shape()
                    + "); inputs are feature-major [features, batch] with " + in + " features");
        }
        Tensor b = bias == null ? null : bias.data();
        // a sparse weight (design §3) runs the sparse kernels; its values are what the optimizer updates
        return weight.isSparse() ? SparseLinear.apply(x, weight, b) : Functional.linear(x, weight.data(), b);
    }

    @Override protected String describe() { return "Linear(" + in + "->" + out + (bias == null ? ", no bias" : "") + ")"; }
}
