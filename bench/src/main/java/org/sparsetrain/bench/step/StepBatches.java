package org.sparsetrain.bench.step;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.sparsetrain.engine.data.Batch;
import org.sparsetrain.engine.data.DataLoader;
import org.sparsetrain.engine.data.Dataset;
import org.sparsetrain.engine.data.MnistFormat;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The batches a {@link StepRig} trains on, prepared before timing so that no loading or normalisation is timed.
 *
 * <p>Why two kinds: on one fixed batch of random images with random labels, RigL spends tens of thousands of
 * steps memorising it and piles the first layer's nonzeros into a few rows (docs/performance.md, "The drift of
 * the sparse rows"), a topology no real run has. The real batches (the embedded Fashion-MNIST subset, normalised
 * like the CLI's training, one shuffled epoch of full batches, cycled) give the topology of a training run.
 */
final class StepBatches {
    private final List<Batch> batches;
    private int next;

    private StepBatches(List<Batch> batches) {
        this.batches = batches;
    }

    /**
     * @param kind {@code fashion} (the embedded Fashion-MNIST subset's full batches, cycled) or {@code synthetic}
     *             (one fixed batch of standard-normal images and uniform random labels)
     */
    static StepBatches of(String kind, int batchSize, Rng rng) {
        return switch (kind) {
            case "fashion" -> fashionMnist(batchSize);
            case "synthetic" -> synthetic(batchSize, rng);
            default -> throw new IllegalArgumentException("data must be fashion or synthetic, got '" + kind + "'");
        };
    }

    static StepBatches synthetic(int batchSize, Rng rng) {
        Tensor x = Tensor.randn(DType.F32, rng, 1, 28, 28, batchSize);
        int[] labels = new int[batchSize];
        for (int i = 0; i < batchSize; i++) labels[i] = (int) (rng.nextDouble() * 10);
        return new StepBatches(List.of(new Batch(x, labels, 0)));
    }

    static StepBatches fashionMnist(int batchSize) {
        Dataset train;
        try {
            train = MnistFormat.loadResource(MnistFormat.EMBEDDED_SUBSET, MnistFormat.Split.TRAIN);
        } catch (IOException e) {
            throw new UncheckedIOException("step benchmark: cannot read the embedded Fashion-MNIST subset", e);
        }
        double[][] stats = train.channelStats();
        DataLoader loader = new DataLoader(train,
                new DataLoader.Options(batchSize, true, 7, stats[0], stats[1], null, true, 0));
        List<Batch> all = new ArrayList<>();
        try (var epoch = loader.epoch(0)) {
            for (Batch b : epoch) all.add(b);
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("step benchmark: the embedded subset (" + train.count()
                    + " images) holds no full batch of " + batchSize);
        }
        return new StepBatches(List.copyOf(all));
    }

    /** The next batch, cycling through the prepared ones. */
    Batch next() {
        Batch b = batches.get(next);
        next = next + 1 == batches.size() ? 0 : next + 1;
        return b;
    }

    int count() { return batches.size(); }
}
