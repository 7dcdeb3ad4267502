package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Batch normalisation per channel of feature-major images (Ioffe and Szegedy, 2015), with PyTorch's conventions.
 *
 * <p>Shapes: x {@code [C][H][W][N]}, gamma/beta/runningMean/runningVar {@code [C]} (each may be null), y like x.
 * With {@code M = H·W·N} values per channel:
 * <ul>
 *   <li>Training: {@code mean, var} are the batch mean and <em>biased</em> variance (divide by M), used to
 *   normalise: {@code xhat = (x − mean) / sqrt(var + eps)}, {@code y = gamma·xhat + beta}. The running buffers,
 *   when given, are updated in place: {@code r ← (1 − momentum)·r + momentum·stat}, with the <em>unbiased</em>
 *   variance {@code var·M/(M−1)} for runningVar (as PyTorch does). Needs M > 1.
 *   Derivatives: {@code dbeta = Σ gy}, {@code dgamma = Σ gy·xhat},
 *   {@code dx = gamma·invStd/M · (M·gy − dbeta − xhat·dgamma)} (the mean and variance depend on x).</li>
 *   <li>Eval: the running statistics (required) are constants, so the op is affine per channel:
 *   {@code dx = gy·gamma·invStd}, {@code dgamma = Σ gy·xhat}, {@code dbeta = Σ gy}.</li>
 * </ul>
 * The running buffers are never part of the graph.
 */
public final class BatchNorm2d {
    private static final String OP = "batchNorm2d";

    private BatchNorm2d() {}

    public static Tensor apply(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                               boolean training, double momentum, double eps) {
        validate(x, gamma, beta, runningMean, runningVar, training, momentum, eps);
        int channels = x.dim(0), m = x.size() / channels;
        Backend be = Backends.get();
        Tensor mean, var;
        if (training) {
            mean = Tensor.zeros(x.dtype(), channels);
            var = Tensor.zeros(x.dtype(), channels);
            be.channelMeanVar(x, mean, var);
            updateRunning(runningMean, runningVar, mean, var, momentum, m);
        } else {
            // Snapshots: the forward and its backward must see the same statistics even if training resumes.
            mean = runningMean.copy();
            var = runningVar.copy();
        }
        Tensor invStd = Tensor.zeros(x.dtype(), channels);
        for (int c = 0; c < channels; c++) invStd.setFlat(c, 1.0 / Math.sqrt(var.getFlat(c) + eps));
        Tensor y = Tensor.zerosLike(x);
        be.batchNormApply(x, mean, invStd, gamma, beta, y);
        return Autograd.recordOutputFree(OP, y, gy -> training
                ? trainingBackward(x, gy, mean, invStd, gamma, beta)
                : evalBackward(x, gy, mean, invStd, gamma, beta), x, gamma, beta);
    }

    private static Tensor[] trainingBackward(Tensor x, Tensor gy, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta) {
        Tensor gx = Autograd.newGradientLike(x), gg = Autograd.newGradientLike(mean),
                gb = Autograd.newGradientLike(mean);
        Backends.get().batchNormBackward(x, gy, mean, invStd, gamma, gx, gg, gb);
        return new Tensor[] {x.requiresGrad() ? gx : null, gamma != null ? gg : null, beta != null ? gb : null};
    }

    private static Tensor[] evalBackward(Tensor x, Tensor gy, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta) {
        Backend be = Backends.get();
        Tensor gx = null, gg = null, gb = null;
        if (x.requiresGrad()) {
            gx = Autograd.newGradientLike(x);
            be.batchNormApply(gy, Tensor.zerosLike(mean), invStd, gamma, null, gx);
        }
        if (gamma != null && gamma.requiresGrad()) {
            Tensor xhatGy = Tensor.zerosLike(x);
            be.batchNormApply(x, mean, invStd, null, null, xhatGy);
            be.binary(BinaryOp.MUL, xhatGy, gy, xhatGy);
            gg = Autograd.newGradientLike(mean);
            be.sumRows(xhatGy, gg);
        }
        if (beta != null && beta.requiresGrad()) {
            gb = Autograd.newGradientLike(mean);
            be.sumRows(gy, gb);
        }
        return new Tensor[] {gx, gg, gb};
    }

    private static void updateRunning(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor var,
                                      double momentum, int m) {
        double unbias = (double) m / (m - 1);
        for (int c = 0; c < mean.size(); c++) {
            if (runningMean != null) {
                runningMean.setFlat(c, (1 - momentum) * runningMean.getFlat(c) + momentum * mean.getFlat(c));
            }
            if (runningVar != null) {
                runningVar.setFlat(c, (1 - momentum) * runningVar.getFlat(c) + momentum * var.getFlat(c) * unbias);
            }
        }
    }

    private static void validate(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                 boolean training, double momentum, double eps) {
        Checks.notNull(OP, "input", x);
        Checks.rank(OP, "input", x, 4, "[C, H, W, N], feature-major");
        Checks.channelVector(OP, "gamma", gamma, "input", x);
        Checks.channelVector(OP, "beta", beta, "input", x);
        Checks.channelVector(OP, "runningMean", runningMean, "input", x);
        Checks.channelVector(OP, "runningVar", runningVar, "input", x);
        if (!(eps > 0)) throw new IllegalArgumentException(OP + ": eps must be > 0, got " + eps);
        if (training) {
            if (!(momentum >= 0 && momentum <= 1)) {
                throw new IllegalArgumentException(OP + ": momentum must be in [0, 1], got " + momentum);
            }
            if (x.size() / x.dim(0) < 2) {
                throw new IllegalArgumentException(OP + ": training needs more than one value per channel, input "
                        + x.shape() + " has " + x.size() / x.dim(0) + " (H*W*N)");
            }
        } else if (runningMean == null || runningVar == null) {
            throw new IllegalArgumentException(OP + ": eval mode needs runningMean and runningVar, got "
                    + (runningMean == null ? "null" : runningMean.shape()) + " and "
                    + (runningVar == null ? "null" : runningVar.shape()) + " for input " + x.shape());
        }
    }
}
