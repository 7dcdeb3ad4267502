package org.sparsetrain.cli;

import org.sparsetrain.engine.autograd.GradMode;
import org.sparsetrain.engine.data.Batch;
import org.sparsetrain.engine.data.DataLoader;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Tensor;

/** Mean cross-entropy and accuracy of a model on a data set, in evaluation mode and without a graph. */
record Evaluation(double loss, double accuracy, int count) {

    static Evaluation of(Module model, DataLoader data) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        int correct = 0, count = 0;
        try (var noGrad = GradMode.disabled(); var epoch = data.epoch(0)) {
            for (Batch b : epoch) {
                Tensor logits = model.forward(b.x());
                lossSum += Functional.crossEntropy(logits, b.labels(), 0.0).item() * b.size();
                correct += countCorrect(logits, b.labels());
                count += b.size();
            }
        } finally {
            if (wasTraining) model.train();
        }
        return new Evaluation(lossSum / count, (double) correct / count, count);
    }

    /** Columns of feature-major logits {@code [classes][N]} whose largest entry is at the label's row. */
    static int countCorrect(Tensor logits, int[] labels) {
        int classes = logits.dim(0), n = logits.dim(1), correct = 0;
        for (int j = 0; j < n; j++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits.getFlat(c * n + j) > logits.getFlat(best * n + j)) best = c;
            }
            if (best == labels[j]) correct++;
        }
        return correct;
    }
}
