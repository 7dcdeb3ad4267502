package org.sparsetrain.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.sparsetrain.engine.autograd.GradMode;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.ReLU;
import org.sparsetrain.engine.nn.Sequential;
import org.sparsetrain.engine.nn.ToFeatureMajor;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.optim.SgdConfig;
import org.sparsetrain.engine.optim.schedule.Cosine;
import org.sparsetrain.engine.optim.schedule.LinearWarmup;
import org.sparsetrain.engine.optim.schedule.LrSchedule;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * {@code sparsetrain demo}: a demo that trains a small MLP (20 -> 64 -> 4) with SGD + momentum and a warm-up
 * cosine schedule on a seeded 4-class Gaussian mixture, printing one line per epoch.
 */
final class DemoCommand {
    static final String HELP = """
            usage: sparsetrain demo [--epochs N] [--seed S] [--threads N]

            Trains a small MLP on seeded synthetic data (20-dim Gaussian mixture, 4 classes) and prints
            the loss and accuracy after each epoch.

              --epochs N    passes over the training set (default %d)
              --seed S      seed of the data, initialisation and shuffling (default %d)
              --threads N   backend worker threads (default: the engine's choice)
              --help        print this message""".formatted(DemoOptions.DEFAULT_EPOCHS, DemoOptions.DEFAULT_SEED);

    private static final int DIMS = 20;
    private static final int CLASSES = 4;
    private static final int HIDDEN = 64;
    private static final int TRAIN_SIZE = 2000;
    private static final int TEST_SIZE = 1000;
    private static final int BATCH = 64;
    private static final double LR = 0.05;
    private static final double MOMENTUM = 0.9;

    private final PrintStream out;

    DemoCommand(PrintStream out) { this.out = out; }

    int run(List<String> args) {
        Flags flags = Flags.parse("demo", args, Set.of("epochs", "seed", "threads"), Set.of("help"));
        if (flags.has("help")) {
            out.println(HELP);
            return Main.OK;
        }
        DemoOptions options = new DemoOptions(
                flags.intValue("epochs", DemoOptions.DEFAULT_EPOCHS, 1),
                flags.longValue("seed", DemoOptions.DEFAULT_SEED, Long.MIN_VALUE),
                flags.has("threads") ? flags.intValue("threads", 1, 1) : 0);
        train(options);
        return Main.OK;
    }

    private void train(DemoOptions options) {
        if (options.threads() > 0) Backends.reselect(options.threads());

        Rng rng = new Rng(options.seed());
        GaussianMixture problem = new GaussianMixture(DIMS, CLASSES, 2, 1.0, rng.split());
        GaussianMixture.Samples train = problem.sample(TRAIN_SIZE, rng.split());
        GaussianMixture.Samples test = problem.sample(TEST_SIZE, rng.split());
        Module model = new Sequential(new ToFeatureMajor(),
                new Linear(DIMS, HIDDEN, true, rng.split()), new ReLU(),
                new Linear(HIDDEN, CLASSES, true, rng.split()));
        SGD optimizer = new SGD(model.parameters(), SgdConfig.of(LR).withMomentum(MOMENTUM));
        int stepsPerEpoch = (TRAIN_SIZE + BATCH - 1) / BATCH;
        LrSchedule schedule = new LinearWarmup(stepsPerEpoch, new Cosine(LR, (long) stepsPerEpoch * options.epochs(), 0));
        int parameterCount = model.parameters().stream().mapToInt(p -> p.size()).sum();
        out.printf(Locale.ROOT, "model: %s%nparameters: %d, train %d, test %d, batch %d, seed %d%n",
                model, parameterCount, train.size(), test.size(), BATCH, options.seed());

        Rng shuffle = rng.split();
        int[] order = identity(train.size());
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            long start = System.nanoTime();
            shuffle.shuffle(order);
            model.train();
            double lossSum = 0;
            int correct = 0;
            for (int from = 0; from < order.length; from += BATCH) {
                int to = Math.min(order.length, from + BATCH);
                int[] labels = train.labels(order, from, to);
                optimizer.setLearningRate(schedule.lr(optimizer.steps()));
                optimizer.zeroGrad();
                Tensor logits = model.forward(train.batch(order, from, to));
                Tensor loss = Functional.crossEntropy(logits, labels, 0.0);
                loss.backward();
                optimizer.step();
                lossSum += loss.item() * labels.length;
                correct += Evaluation.countCorrect(logits, labels);
            }
            double testAccuracy = accuracy(model, test);
            out.printf(Locale.ROOT, "epoch %2d/%d  loss %.4f  train acc %5.1f%%  test acc %5.1f%%  lr %.4f  %.2f s%n",
                    epoch, options.epochs(), lossSum / order.length, 100.0 * correct / order.length,
                    100.0 * testAccuracy, optimizer.learningRate(), (System.nanoTime() - start) / 1e9);
        }
    }

    /** Fraction of {@code data} classified correctly, in evaluation mode and without a graph. */
    static double accuracy(Module model, GaussianMixture.Samples data) {
        model.eval();
        int[] order = identity(data.size());
        int correct = 0;
        try (var noGrad = GradMode.disabled()) {
            for (int from = 0; from < order.length; from += 256) {
                int to = Math.min(order.length, from + 256);
                correct += Evaluation.countCorrect(model.forward(data.batch(order, from, to)), data.labels(order, from, to));
            }
        }
        model.train();
        return (double) correct / data.size();
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }
}
