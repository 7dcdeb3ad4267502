package org.sparsetrain.cli;

import java.nio.file.Path;
import java.util.List;

import org.sparsetrain.models.Architecture;

/**
 * Everything that defines a training run, validated; parsed once from the command line. Recorded in the run's
 * manifest and, as the original flags, in every checkpoint so that {@code --resume} and {@code eval} rebuild it.
 *
 * @param data          {@code null} for the embedded Fashion-MNIST subset, {@code fashion-mnist} for Debian's
 *                      full data set, or a folder in MNIST or CIFAR-10 binary format
 * @param warmupEpochs  linear learning-rate warm-up length, in epochs (may be fractional)
 * @param trainLimit    use only the first N training items (0 = all)
 * @param augment       {@code auto}, {@code on} or {@code off}: random crop and flip of training images
 * @param out           the run folder
 * @param sparse        the sparse-training method and its settings, or {@code null} for dense training
 */
record TrainConfig(Architecture model, String data, int epochs, int batch, double lr, double momentum, boolean nesterov,
                   double weightDecay, Schedule schedule, double warmupEpochs, double labelSmoothing, long seed,
                   int threads, double width, int trainLimit, int testLimit, String augment, Path out, SparseOptions sparse,
                   List<String> flags) {

    /** Learning-rate schedule families selectable with {@code --schedule}. */
    enum Schedule {
        CONSTANT, COSINE, STEP;

        static Schedule parse(String s) {
            for (Schedule v : values()) if (v.name().equalsIgnoreCase(s)) return v;
            throw new UsageException("train: --schedule must be one of constant, cosine, step; got '" + s + "'");
        }
    }

    TrainConfig {
        if (nesterov && momentum == 0) throw new UsageException("train: --nesterov needs --momentum > 0");
        if (warmupEpochs >= epochs) {
            throw new UsageException("train: --warmup (" + warmupEpochs + " epochs) must be shorter than --epochs (" + epochs + ")");
        }
        flags = List.copyOf(flags);
    }

    /** The same run with another thread count (a resumed run may use a different one). */
    TrainConfig withThreads(int t) {
        return new TrainConfig(model, data, epochs, batch, lr, momentum, nesterov, weightDecay, schedule, warmupEpochs,
                labelSmoothing, seed, t, width, trainLimit, testLimit, augment, out, sparse, flags);
    }
}
