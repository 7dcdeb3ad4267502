package org.sparsetrain.engine.nn;

import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Batch normalisation per channel of feature-major images {@code [C][H][W][N]} (Ioffe and Szegedy, 2015).
 *
 * <p>Training mode normalises with the batch's statistics and updates the running buffers in place
 * ({@code running = (1 - momentum) * running + momentum * batch}, unbiased variance, PyTorch's convention);
 * evaluation mode normalises with the running statistics. Names follow PyTorch so state dicts line up:
 * parameters {@code weight} (gamma, 1) and {@code bias} (beta, 0), buffers {@code running_mean} (0),
 * {@code running_var} (1) and {@code num_batches_tracked} (a scalar count of training batches).
 */
public final class BatchNorm2d extends Module {
    public static final double DEFAULT_MOMENTUM = 0.1;
    public static final double DEFAULT_EPS = 1e-5;

    private final int channels;
    private final double momentum;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    public BatchNorm2d(int channels) { this(channels, DEFAULT_MOMENTUM, DEFAULT_EPS, DType.F32); }

    public BatchNorm2d(int channels, double momentum, double eps, DType dtype) {
        if (channels < 1) throw new IllegalArgumentException("BatchNorm2d: channels must be >= 1, got " + channels);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm2d: momentum must be in [0, 1], got " + momentum);
        }
        if (!(eps > 0)) throw new IllegalArgumentException("BatchNorm2d: eps must be > 0, got " + eps);
        this.channels = channels;
        this.momentum = momentum;
        this.eps = eps;
        this.weight = registerParameter("weight", new Parameter(Tensor.full(dtype, 1.0, channels)));
        this.bias = registerParameter("bias", Parameter.zeros(dtype, channels));
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(dtype, channels));
        this.runningVar = registerBuffer("running_var", Tensor.full(dtype, 1.0, channels));
        // F64 holds every count a run can reach exactly (2^53).
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros(DType.F64, Shape.scalar()));
    }

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }

    public Tensor runningMean() { return runningMean; }

    public Tensor runningVar() { return runningVar; }

    /** Number of training-mode forward passes so far (saved in the state dict). */
    public long numBatchesTracked() { return (long) numBatchesTracked.item(); }

    public double momentum() { return momentum; }

    public double eps() { return eps; }

    /** {@code x [C][H][W][N] -> [C][H][W][N]}. */
    @Override public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(0) != channels) {
            String has = x.rank() == 4 ? x.dim(0) + " channels" : "rank " + x.rank();
            throw new IllegalArgumentException(describe() + ": input has " + has + " (shape " + x.shape()
                    + "); inputs are feature-major [C, H, W, batch] with " + channels + " channels");
        }
        boolean training = isTraining();
        Tensor y = Functional.batchNorm2d(x, weight.data(), bias.data(), runningMean, runningVar, training, momentum, eps);
        if (training) numBatchesTracked.setFlat(0, numBatchesTracked.getFlat(0) + 1);
        return y;
    }

    @Override protected String describe() {
        return "BatchNorm2d(" + channels + ", momentum=" + momentum + ", eps=" + eps + ")";
    }
}
