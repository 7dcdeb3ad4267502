package org.sparsetrain.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.autograd.GradMode;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.optim.SgdConfig;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * An MLP {@code 2 -> 16 -> 16 -> 2} learns a problem no linear model can: points in a square, labelled by
 * whether they lie inside a circle (with a thin empty band at the boundary so 100 % is attainable). Trained with
 * SGD + momentum on the reference backend through the public batch-major layout ({@link ToFeatureMajor}).
 */
class MlpEndToEndTest {
    private static final int BATCH = 32;

    /** Batch-major points {@code [n][2]} and their labels. */
    record Data(float[] x, int[] y) {
        int size() { return y.length; }

        Tensor rows(int from, int to) {
            float[] out = new float[(to - from) * 2];
            System.arraycopy(x, from * 2, out, 0, out.length);
            return Tensor.of(out, to - from, 2);
        }

        int[] labels(int from, int to) { return java.util.Arrays.copyOfRange(y, from, to); }
    }

    static Data circle(int n, Rng rng) {
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; ) {
            double a = rng.uniform(-1.5, 1.5), b = rng.uniform(-1.5, 1.5);
            double r = Math.hypot(a, b);
            if (Math.abs(r - 1.0) < 0.1) continue; // the margin band
            x[2 * i] = (float) a;
            x[2 * i + 1] = (float) b;
            y[i] = r < 1.0 ? 1 : 0;
            i++;
        }
        return new Data(x, y);
    }

    static Sequential mlp(Rng rng) {
        return new Sequential(new ToFeatureMajor(),
                new Linear(2, 16, true, rng), new ReLU(),
                new Linear(16, 16, true, rng), new ReLU(),
                new Linear(16, 2, true, rng));
    }

    /** Trains for {@code epochs} and returns the mean training loss of each epoch. */
    static List<Double> train(Module model, Data data, int epochs) {
        SGD opt = new SGD(model.parameters(), SgdConfig.of(0.1).withMomentum(0.9));
        List<Double> losses = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            double sum = 0;
            for (int from = 0; from < data.size(); from += BATCH) {
                int to = Math.min(data.size(), from + BATCH);
                opt.zeroGrad();
                Tensor loss = Functional.crossEntropy(model.forward(data.rows(from, to)), data.labels(from, to), 0.0);
                loss.backward();
                opt.step();
                sum += loss.item() * (to - from);
            }
            losses.add(sum / data.size());
        }
        return losses;
    }

    static double accuracy(Module model, Data data) {
        model.eval();
        try (var off = GradMode.disabled()) {
            Tensor logits = model.forward(data.rows(0, data.size()));
            int n = data.size(), correct = 0;
            for (int j = 0; j < n; j++) {
                int predicted = logits.getFlat(n + j) > logits.getFlat(j) ? 1 : 0;
                if (predicted == data.y()[j]) correct++;
            }
            return (double) correct / n;
        } finally {
            model.train();
        }
    }

    @Test void learnsANonlinearBoundary() {
        try (var ref = Backends.use(Backends.reference())) {
            Rng rng = new Rng(2024);
            Data train = circle(1000, rng.split());
            Data test = circle(500, rng.split());
            Sequential model = mlp(rng.split());
            double before = accuracy(model, test);

            List<Double> losses = train(model, train, 20);

            double after = accuracy(model, test);
            assertTrue(after > 0.95, "test accuracy " + after + " (before training " + before + "), losses " + losses);
            assertTrue(losses.getLast() < 0.5 * losses.getFirst(), "loss should fall: " + losses);
        }
    }

    @Test void sameSeedGivesBitIdenticalTraining() {
        try (var ref = Backends.use(Backends.reference())) {
            Data data = circle(200, new Rng(7));
            Sequential a = mlp(new Rng(8));
            Sequential b = mlp(new Rng(8));
            train(a, data, 2);
            train(b, data, 2);
            for (String k : a.stateDict().keySet()) {
                assertArrayEquals(a.stateDict().get(k).toFloatArray(), b.stateDict().get(k).toFloatArray(), k);
            }
        }
    }
}
