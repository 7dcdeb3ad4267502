package org.sparsetrain.engine.backend;

import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The compute primitives a backend provides; differentiable ops ({@code engine.ops}) are written on top
 * of them, so a new backend gets autograd for free.
 *
 * <p>Contract for every method:
 * <ul>
 *   <li>Tensors are contiguous row-major arrays starting at {@link Tensor#offset()}; the caller has already
 *       validated shapes (ops check at the public boundary), so backends only assert sizes cheaply.</li>
 *   <li>All tensors of one call have the same dtype. A backend that does not support a dtype
 *       (e.g. the SIMD backend and {@code F64}) delegates the call to the reference backend.</li>
 *   <li>Outputs are fully overwritten unless the method says it accumulates. Outputs never alias inputs
 *       unless the method says so.</li>
 *   <li>Results are deterministic: the same inputs and thread count give bit-identical outputs.</li>
 * </ul>
 * Layouts are the engine's feature-major ones: {@code [C][H][W][N]} for images, {@code [rows][cols]}
 * with the batch in {@code cols} for features.
 */
public interface Backend {

    /** Short name printed at start-up, e.g. {@code "reference"} or {@code "simd"}. */
    String name();

    /** Number of worker threads kernels may use. */
    int threads();

    // ------------------------------------------------------------------ dense linear algebra

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} with {@code op(A)} of shape {@code [m][k]} and
     * {@code op(B)} of shape {@code [k][n]}. {@code A} is stored {@code [m][k]} or, if {@code transA},
     * {@code [k][m]}; likewise {@code B}. {@code beta == 0} ignores the old contents of C (NaN included).
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              double alpha, Tensor a, Tensor b, double beta, Tensor c);

    // ------------------------------------------------------------------ elementwise (same sizes)

    /** {@code out[i] = a[i] (op) b[i]}. {@code out} may alias {@code a} or {@code b}. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** {@code out[i] = f(a[i])}. {@code out} may alias {@code a}. */
    void unary(UnaryOp op, Tensor a, Tensor out);

    /** {@code y[i] += alpha * x[i]}. */
    void axpy(double alpha, Tensor x, Tensor y);

    /** {@code out[i] = alpha * a[i] + beta}. {@code out} may alias {@code a}. */
    void affine(Tensor a, double alpha, double beta, Tensor out);

    /**
     * One SGD step with momentum on a parameter, in place: {@code d = g + weightDecay·w}, {@code buf = momentum·buf
     * + (1 - dampening)·d}, {@code d = nesterov ? d + momentum·buf : buf}, {@code w -= lr·d} (PyTorch's order).
     * {@code w} and {@code buf} are updated, {@code g} is only read; all three have the same size.
     *
     * <p>This default composes {@link #axpy} and {@link #affine} (four or five passes and a copy of the gradient); a
     * backend may fuse it into one pass, with the same result per element as those calls.
     */
    default void sgdMomentumStep(Tensor w, Tensor g, Tensor buf, double lr, double momentum, double dampening,
                                 double weightDecay, boolean nesterov) {
        Tensor d = g;
        if (weightDecay != 0) {
            d = g.copy();
            axpy(weightDecay, w, d);
        }
        affine(buf, momentum, 0.0, buf);
        axpy(1.0 - dampening, d, buf);
        if (nesterov) {
            if (d == g) d = g.copy();
            axpy(momentum, buf, d);
        } else {
            d = buf;
        }
        axpy(-lr, d, w);
    }

    /** {@code gx[i] = x[i] > 0 ? gy[i] : 0}. {@code gx} may alias {@code gy}. */
    void reluBackward(Tensor x, Tensor gy, Tensor gx);

    /** Sum of all elements, in a fixed order, accumulated in double. */
    double sum(Tensor a);

    // ------------------------------------------------------------------ row-broadcast (bias) helpers

    /**
     * {@code out[r][c] = x[r][c] + bias[r]} for {@code x} viewed as {@code [rows][x.size()/rows]}, rows =
     * {@code bias.size()}. This is the bias of a feature-major linear ({@code [out][N]}) or conv
     * ({@code [C][H*W*N]}) layer. {@code out} may alias {@code x}.
     */
    void addRowBias(Tensor x, Tensor bias, Tensor out);

    /** {@code out[r] = sum_c x[r][c]} for {@code x} viewed as {@code [out.size()][...]}. */
    void sumRows(Tensor x, Tensor out);

    // ------------------------------------------------------------------ convolution

    /**
     * {@code y = conv2d(x, w)} without bias; see {@link ConvGeometry} for layouts. Writes every element of {@code y}
     * whatever it held before (callers pass recycled arrays: {@code ActivationArrays}).
     */
    void conv2dForward(ConvGeometry g, Tensor x, Tensor w, Tensor y);

    /** {@code gx = d conv2d / d x} applied to {@code gy}. */
    void conv2dBackwardInput(ConvGeometry g, Tensor gy, Tensor w, Tensor gx);

    /** {@code gw = d conv2d / d w} applied to {@code gy} (overwrites {@code gw}). */
    void conv2dBackwardWeight(ConvGeometry g, Tensor x, Tensor gy, Tensor gw);

    /**
     * A convolution's forward with its bias, {@code y = conv2d(x, w) + bias[co]} ({@code bias} may be null). This
     * default is {@link #conv2dForward} then {@link #addRowBias}; a backend may add the bias as it stores each output
     * (one pass over {@code y} fewer, the same bits).
     */
    default void conv2dForwardWithBias(ConvGeometry g, Tensor x, Tensor w, Tensor bias, Tensor y) {
        conv2dForward(g, x, w, y);
        if (bias != null) addRowBias(y, bias, y);
    }

    /**
     * {@link #conv2dBackwardWeight} and the bias gradient {@code gb[co] = sum of gy[co]} ({@code gb} may be null).
     * This default is the two calls; a backend may sum {@code gy} while the weight gradient has it in cache (one pass
     * over {@code gy} fewer; the same value within float rounding).
     */
    default void conv2dBackwardWeightAndBias(ConvGeometry g, Tensor x, Tensor gy, Tensor gw, Tensor gb) {
        conv2dBackwardWeight(g, x, gy, gw);
        if (gb != null) sumRows(gy, gb);
    }

    // ------------------------------------------------------------------ batch norm, per channel over [C][M]

    /**
     * Per-channel mean and biased variance of {@code x} viewed as {@code [C][M]} ({@code M = H*W*N}),
     * written into {@code mean} and {@code var} ({@code [C]} each).
     */
    void channelMeanVar(Tensor x, Tensor mean, Tensor var);

    /**
     * {@code y[c][j] = (x[c][j] - mean[c]) * invStd[c] * gamma[c] + beta[c]}; {@code gamma}/{@code beta}
     * may be {@code null} (no affine transform).
     */
    void batchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y);

    /**
     * Backward of training-mode batch norm (statistics of the batch) for {@code x} viewed as {@code [C][M]}:
     * with {@code xhat = (x - mean) * invStd},
     * {@code gbeta[c] = sum_j gy}, {@code ggamma[c] = sum_j gy * xhat},
     * {@code gx = gamma * invStd / M * (M * gy - gbeta - xhat * ggamma)}.
     * {@code gamma} null means 1; {@code ggamma}/{@code gbeta} are always written (length C).
     */
    void batchNormBackward(Tensor x, Tensor gy, Tensor mean, Tensor invStd, Tensor gamma,
                           Tensor gx, Tensor ggamma, Tensor gbeta);

    // ------------------------------------------------------------------ pooling over [C][H][W][N]

    /**
     * Max pooling; {@code argmax[o]} receives the flat input index that won output {@code o}. Every entry of
     * {@code argmax} is written (callers pass recycled arrays with stale contents).
     */
    void maxPool2dForward(PoolGeometry g, Tensor x, Tensor y, int[] argmax);

    /** Scatters {@code gy} to the winners: {@code gx} is zeroed, then {@code gx[argmax[o]] += gy[o]}. */
    void maxPool2dBackward(PoolGeometry g, Tensor gy, int[] argmax, Tensor gx);

    /** Average pooling (padding counted in the divisor, PyTorch's default). */
    void avgPool2dForward(PoolGeometry g, Tensor x, Tensor y);

    /** Overwrites all of {@code gx}: every input cell gets the sum over the windows covering it / window size. */
    void avgPool2dBackward(PoolGeometry g, Tensor gy, Tensor gx);

    // ------------------------------------------------------------------ softmax over the class dimension

    /**
     * Log-softmax over dimension 0 of {@code x} viewed as {@code [classes][N]} (feature-major logits),
     * numerically stable (max subtracted).
     */
    void logSoftmaxForward(Tensor x, Tensor y);

    /** {@code gx[c][n] = gy[c][n] - exp(y[c][n]) * sum_c' gy[c'][n]} where {@code y} is the log-softmax output. */
    void logSoftmaxBackward(Tensor y, Tensor gy, Tensor gx);
    // ------------------------------------------------------------------ sparse weights (design §3)
    //
    // W is a [rows][cols] matrix given by a SparsityPattern and its values [nnz] in pattern position order (a conv
    // weight is [Co][Ci*kH*kW]); activations are feature-major with the batch innermost. All outputs are
    // overwritten. Cost is proportional to nnz, not to rows*cols.

    /** Forward SpMM {@code y[rows][n] = W · x[cols][n]}. */
    void sparseMatmul(SparsityPattern w, Tensor values, Tensor x, Tensor y);

    /**
     * A sparse linear layer's forward, {@code y[rows][n] = W · x[cols][n] + bias[rows]} ({@code bias} may be null).
     * This default is {@link #sparseMatmul} then {@link #addRowBias}; a backend may start each row's sum at its bias
     * instead (one pass over {@code y}, equal within float rounding).
     */
    default void sparseLinearForward(SparsityPattern w, Tensor values, Tensor x, Tensor bias, Tensor y) {
        sparseMatmul(w, values, x, y);
        if (bias != null) addRowBias(y, bias, y);
    }

    /** Input gradient {@code gx[cols][n] = Wᵀ · gy[rows][n]}. */
    void sparseMatmulTransposed(SparsityPattern w, Tensor values, Tensor gy, Tensor gx);

    /** Weight gradient at the active positions only (SDDMM): {@code gvalues[p] = gy[row(p)][:] · x[col(p)][:]}. */
    void sampledMatmul(SparsityPattern w, Tensor gy, Tensor x, Tensor gvalues);

    /**
     * A sparse linear layer's backward: the input gradient {@code gx = Wᵀ·gy} ({@link #sparseMatmulTransposed}), the
     * values' gradient {@code gvalues} ({@link #sampledMatmul}) and the bias gradient {@code gb = sum of gy} over
     * the batch ({@link #sumRows}); any of the three outputs may be null (not wanted). This default runs them one
     * after the other; a backend may run them at the same time (they only read {@code gy}, {@code x} and
     * {@code values}), with the same results.
     */
    default void sparseLinearBackward(SparsityPattern w, Tensor values, Tensor gy, Tensor x, Tensor gx,
                                      Tensor gvalues, Tensor gb) {
        if (gx != null) sparseMatmulTransposed(w, values, gy, gx);
        if (gvalues != null) sampledMatmul(w, gy, x, gvalues);
        if (gb != null) sumRows(gy, gb);
    }

    /**
     * Sparse conv forward {@code y = conv2d(x, W)} (no bias), {@code groups == 1}. Writes every element of {@code y}
     * whatever it held before, also for output channels without an active weight.
     */
    void sparseConv2dForward(ConvGeometry g, SparsityPattern w, Tensor values, Tensor x, Tensor y);

    /** Sparse conv input gradient. */
    void sparseConv2dBackwardInput(ConvGeometry g, SparsityPattern w, Tensor values, Tensor gy, Tensor gx);

    /** Sparse conv weight gradient at the active positions only ({@code gvalues [nnz]}). */
    void sparseConv2dBackwardWeight(ConvGeometry g, SparsityPattern w, Tensor x, Tensor gy, Tensor gvalues);

    /**
     * A sparse convolution's forward with its bias ({@code bias} may be null). This default is
     * {@link #sparseConv2dForward} then {@link #addRowBias}; a backend may start each output's sum at its bias
     * instead (one pass over {@code y} fewer, equal within float rounding).
     */
    default void sparseConv2dForwardWithBias(ConvGeometry g, SparsityPattern w, Tensor values, Tensor x, Tensor bias,
                                             Tensor y) {
        sparseConv2dForward(g, w, values, x, y);
        if (bias != null) addRowBias(y, bias, y);
    }

    /**
     * {@link #sparseConv2dBackwardWeight} and the bias gradient {@code gb[co] = sum of gy[co]} ({@code gb} may be
     * null); as {@link #conv2dBackwardWeightAndBias}.
     */
    default void sparseConv2dBackwardWeightAndBias(ConvGeometry g, SparsityPattern w, Tensor x, Tensor gy,
                                                   Tensor gvalues, Tensor gb) {
        sparseConv2dBackwardWeight(g, w, x, gy, gvalues);
        if (gb != null) sumRows(gy, gb);
    }
}
