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

/** {@code train --method ...}: sparse runs, their report files, resume, and bad sparse flags. */
class SparseTrainCommandTest {
    @TempDir Path dir;

    @Test
    void rigLRunKeepsItsDensityAndWritesTheSparsityReport() throws IOException {
        Path run = dir.resolve("rigl");
        MainTest.Result r = TrainCommandTest.train(run, "--epochs", "2", "--method", "rigl", "--density", "0.1",
                "--delta", "5");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("RigL scheduler") && r.out().contains("fc1.weight"), r.out());
        for (String f : List.of("sparsity-start.txt", "sparsity-end.txt", "density.svg", "connectivity-start.png",
                "connectivity-end.png")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), "missing " + f);
        }
        String manifest = Files.readString(run.resolve("manifest.json"));
        JsonSyntax.check(manifest);
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) JsonSyntax.check(line);
        assertTrue(manifest.contains("\"training_flops_vs_dense\"") && manifest.contains("\"method\": \"rigl\""), manifest);
        Map<String, Tensor> model = Checkpoint.read(run.resolve(RunFolder.CHECKPOINT)).section("model");
        // width 0.25: fc1 is [75, 784]; ERK gives it far fewer than all weights, and inactive ones are exact zeros.
        Tensor fc1 = model.get("fc1.weight");
        int nonzero = 0;
        for (int i = 0; i < fc1.size(); i++) if (fc1.getFlat(i) != 0) nonzero++;
        assertTrue(nonzero < 0.2 * fc1.size(), "fc1 has " + nonzero + " of " + fc1.size() + " nonzero weights");
    }

    @Test
    void sparseResumeIsBitIdentical() throws IOException {
        Path straight = dir.resolve("a"), interrupted = dir.resolve("b");
        String[] flags = {"--epochs", "3", "--method", "rigl", "--density", "0.2", "--delta", "4"};
        assertEquals(0, TrainCommandTest.train(straight, flags).code());
        String[] first = java.util.Arrays.copyOf(flags, flags.length + 2);
        first[flags.length] = "--stop-after";
        first[flags.length + 1] = "1";
        assertEquals(0, TrainCommandTest.train(interrupted, first).code());
        MainTest.Result resumed = MainTest.run("train", "--resume", interrupted.toString());
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        Checkpoint a = Checkpoint.read(straight.resolve(RunFolder.CHECKPOINT));
        Checkpoint b = Checkpoint.read(interrupted.resolve(RunFolder.CHECKPOINT));
        for (String section : List.of("model", "rigl")) {
            for (var e : a.section(section).entrySet()) {
                assertArrayEquals(e.getValue().toDoubleArray(), b.section(section).get(e.getKey()).toDoubleArray(),
                        section + "." + e.getKey());
            }
        }
    }

    @Test
    void badSparseFlagsNameTheValueAndWhatIsAllowed() {
        Path out = dir.resolve("x");
        assertTrue(MainTest.run("train", "--density", "0.1", "--out", out.toString()).err().contains("--density needs a sparse --method"));
        assertTrue(MainTest.run("train", "--method", "rigl", "--density", "1.5").err().contains("--density must be a number in"));
        assertTrue(MainTest.run("train", "--method", "magic").err().contains("allowed"));
        assertTrue(MainTest.run("train", "--method", "rigl", "--delta", "0").err().contains("--delta must be an integer >= 1"));
        assertTrue(MainTest.run("train", "--method", "rigl", "--alpha", "2").err().contains("--alpha must be a number in"));
        assertTrue(MainTest.run("train", "--method", "set", "--distribution", "lognormal").err().contains("uniform, er or erk"));
        assertEquals(2, MainTest.run("train", "--method", "rigl", "--t-end", "0").code());
        MainTest.Result tooShort = TrainCommandTest.train(dir.resolve("short"), "--epochs", "1", "--method", "prune");
        assertEquals(2, tooShort.code());
        assertTrue(tooShort.err().contains("--delta 100 is longer than the update window"), tooShort.err());
    }
}
