package org.sparsetrain.cli;

import java.util.Locale;

import org.sparsetrain.cli.report.ProgressBar;
import org.sparsetrain.engine.data.Batch;
import org.sparsetrain.engine.data.DataLoader;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.optim.Optimizer;
import org.sparsetrain.engine.optim.schedule.LrSchedule;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.rigl.RigL;

/**
 * One epoch of supervised training: for each batch, set the learning rate from the schedule (a pure function
 * of the global step, so a resumed run gets the same rates), forward, cross-entropy with label smoothing,
 * backward, optimizer step (through the sparse-training scheduler when there is one); then evaluate on the test set.
 */
final class Trainer {
    private final Module model;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final DataLoader train, test;
    private final double labelSmoothing;
    private final ProgressBar progress;
    private final RigL rigl;

    /** {@code rigl} is the sparse-training scheduler, or {@code null} for dense training. */
    Trainer(Module model, Optimizer optimizer, LrSchedule schedule, DataLoader train, DataLoader test,
            double labelSmoothing, ProgressBar progress, RigL rigl) {
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.train = train;
        this.test = test;
        this.labelSmoothing = labelSmoothing;
        this.progress = progress;
        this.rigl = rigl;
    }

    /** Trains epoch {@code epoch} (1-based) of {@code epochs}. */
    EpochMetrics runEpoch(int epoch, int epochs) {
        long start = System.nanoTime();
        model.train();
        double lossSum = 0;
        int correct = 0, seen = 0;
        try (var batches = train.epoch(epoch - 1)) {
            progress.startEpoch(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs), batches.size());
            int step = 0;
            for (Batch b : batches) {
                optimizer.setLearningRate(schedule.lr(optimizer.steps()));
                optimizer.zeroGrad();
                Tensor logits = model.forward(b.x());
                Tensor loss = Functional.crossEntropy(logits, b.labels(), labelSmoothing);
                loss.backward();
                // The two-line sparse API: a topology-update iteration skips the optimizer step (spec §4.1).
                if (rigl == null || rigl.step()) optimizer.step();
                lossSum += loss.item() * b.size();
                correct += Evaluation.countCorrect(logits, b.labels());
                seen += b.size();
                progress.step(++step, b.size(), lossSum / seen);
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        progress.endEpoch();
        Evaluation eval = Evaluation.of(model, test);
        return new EpochMetrics(epoch, optimizer.steps(), lossSum / seen, (double) correct / seen, eval.loss(), eval.accuracy(),
                optimizer.learningRate(), (System.nanoTime() - start) / 1e9, seen / trainSeconds);
    }
}
