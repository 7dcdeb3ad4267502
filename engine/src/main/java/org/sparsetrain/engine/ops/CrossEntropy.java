package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Mean cross-entropy of feature-major logits against integer labels, with label smoothing exactly as PyTorch
 * 1.13's {@code CrossEntropyLoss(label_smoothing=s)} (reduction "mean", no class weights):
 * with {@code logp = logSoftmax(x)},
 * {@code loss = (1/N) Σ_n [ (1 − s)·(−logp[y_n][n]) + s·(1/C) Σ_c (−logp[c][n]) ]}.
 *
 * <p>Shapes: logits {@code [C][N]}, labels {@code int[N]} with values in {@code [0, C)}, loss a scalar.
 * Derivative: with the target {@code t[c][n] = (1 − s)·[c = y_n] + s/C} (each column sums to 1),
 * {@code d loss / d logp = −t / N}, pushed through the log-softmax backward; in closed form
 * {@code dx[c][n] = g · (softmax(x)[c][n] − t[c][n]) / N}.
 */
public final class CrossEntropy {
    private static final String OP = "crossEntropy";

    private CrossEntropy() {}

    public static Tensor apply(Tensor logits, int[] labels, double labelSmoothing) {
        validate(logits, labels, labelSmoothing);
        int classes = logits.dim(0), n = logits.dim(1);
        double s = labelSmoothing;
        Tensor logp = Tensor.zerosLike(logits);
        Backends.get().logSoftmaxForward(logits, logp);
        double total = 0;
        for (int col = 0; col < n; col++) {
            double sumNeg = 0;
            for (int c = 0; c < classes; c++) sumNeg -= logp.getFlat(c * n + col);
            total += (1 - s) * -logp.getFlat(labels[col] * n + col) + s * sumNeg / classes;
        }
        Tensor loss = Tensor.scalar(logits.dtype(), total / n);
        int[] savedLabels = labels.clone();
        return Autograd.record(OP, loss, g -> {
            // d loss / d logp = -g * t / N; the log-softmax backward turns it into softmax - t.
            double scale = -g.item() / n;
            Tensor gLogp = Tensor.zerosLike(logits).fill(scale * s / classes);
            for (int col = 0; col < n; col++) {
                int i = savedLabels[col] * n + col;
                gLogp.setFlat(i, gLogp.getFlat(i) + scale * (1 - s));
            }
            Tensor gx = Autograd.newGradientToOverwriteLike(logits);
            Backends.get().logSoftmaxBackward(logp, gLogp, gx);
            return new Tensor[] {gx};
        }, logits);
    }

    private static void validate(Tensor logits, int[] labels, double labelSmoothing) {
        Checks.notNull(OP, "logits", logits);
        Checks.notNull(OP, "labels", labels);
        Checks.rank(OP, "logits", logits, 2, "[classes, N], feature-major");
        int classes = logits.dim(0), n = logits.dim(1);
        if (labels.length != n) {
            throw new IllegalArgumentException(OP + ": labels has " + labels.length + " entries but logits "
                    + logits.shape() + " has a batch of " + n);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(OP + ": labels[" + i + "] = " + labels[i] + " is outside [0, "
                        + classes + ") for logits " + logits.shape());
            }
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(OP + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
    }
}
