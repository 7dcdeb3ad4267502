package org.sparsetrain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsetrain.engine.io.Checkpoint;
import org.sparsetrain.engine.tensor.Tensor;

/** The real {@code train} and {@code eval} commands on a slice of the embedded Fashion-MNIST subset. */
class TrainCommandTest {
    @TempDir Path dir;

    private static final List<String> SMALL = List.of("--train-limit", "600", "--test-limit", "300", "--batch", "50",
            "--threads", "1", "--seed", "3", "--width", "0.25");

    static MainTest.Result train(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(SMALL);
        args.addAll(List.of(extra));
        return MainTest.run(args.toArray(String[]::new));
    }

    @Test
    void trainsAndLeavesACompleteRunFolder() throws IOException {
        Path run = dir.resolve("run");
        MainTest.Result r = train(run, "--epochs", "2");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("epoch  2/2"), r.out());
        for (String f : List.of("manifest.json", "metrics.jsonl", "metrics.csv", "checkpoint.safetensors", "loss.svg", "accuracy.svg")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), "missing " + f);
        }
        assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());
        String manifest = Files.readString(run.resolve("manifest.json"));
        JsonSyntax.check(manifest);
        assertTrue(manifest.contains("\"seed\": 3") && manifest.contains("\"fingerprint\"") && manifest.contains("\"finished\""), manifest);
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        double accuracy = EpochMetrics.fromCsv(csv.getLast()).testAccuracy();
        assertTrue(accuracy > 0.5, "10 classes: chance is 0.1, got " + accuracy);

        MainTest.Result eval = MainTest.run("eval", "--checkpoint", run.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "test accuracy %.2f%%", 100 * accuracy)), eval.out());

        MainTest.Result again = train(run, "--epochs", "2");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a run"), again.err());
    }

    @Test
    void resumedRunReachesBitIdenticalWeights() throws IOException {
        Path straight = dir.resolve("straight"), interrupted = dir.resolve("interrupted");
        assertEquals(0, train(straight, "--epochs", "3").code());
        MainTest.Result first = train(interrupted, "--epochs", "3", "--stop-after", "1");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("stopped after epoch 1"), first.out());
        MainTest.Result resumed = MainTest.run("train", "--resume", interrupted.toString());
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("resuming") && resumed.out().contains("epoch  3/3"), resumed.out());

        Map<String, Tensor> a = Checkpoint.read(straight.resolve(RunFolder.CHECKPOINT)).section("model");
        Map<String, Tensor> b = Checkpoint.read(interrupted.resolve(RunFolder.CHECKPOINT)).section("model");
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
        assertEquals(3, Files.readAllLines(interrupted.resolve("metrics.csv")).size() - 1);
    }

    @Test
    void damagedCheckpointsAndBadFlagsGiveClearMessages() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, train(run, "--epochs", "1").code());
        Path ckpt = run.resolve(RunFolder.CHECKPOINT);
        byte[] bytes = Files.readAllBytes(ckpt);
        Files.write(ckpt, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        MainTest.Result eval = MainTest.run("eval", "--checkpoint", ckpt.toString());
        assertEquals(1, eval.code());
        assertTrue(eval.err().contains(ckpt.toString()), eval.err());

        assertEquals(2, MainTest.run("train", "--model", "vgg").code());
        assertTrue(MainTest.run("train", "--model", "vgg").err().contains("known: lenet300100"));
        assertTrue(MainTest.run("train", "--lr", "-1").err().contains("--lr must be a number"));
        assertTrue(MainTest.run("train", "--data", dir.resolve("nothing").toString(), "--out", dir.resolve("x").toString())
                .err().contains("neither"));
        assertTrue(MainTest.run("train", "--resume", dir.resolve("none").toString()).err().contains("no checkpoint.safetensors"));
    }
}
