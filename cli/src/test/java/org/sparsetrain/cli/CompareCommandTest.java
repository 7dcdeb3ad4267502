package org.sparsetrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir Path dir;

    @Test
    void trainsEveryCombinationWritesTheSummaryAndReusesFinishedRuns() throws IOException {
        String[] args = {"compare", "--methods", "dense,static,rigl", "--densities", "0.2", "--seeds", "1,2",
            "--epochs", "1", "--train-limit", "300", "--test-limit", "100", "--batch", "50", "--width", "0.25",
            "--threads", "1", "--delta", "2", "--out", dir.toString()};
        MainTest.Result r = MainTest.run(args);
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("[6/6]"), r.out());
        for (String f : List.of("summary.md", "results.csv", "accuracy-vs-density.svg", "accuracy-vs-flops.svg")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), "missing " + f);
        }
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(7, csv.size(), String.join("\n", csv));
        String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("| rigl | erk | 0.2 | 2 |") && summary.contains("| dense | - | 1.0 | 2 |"), summary);

        MainTest.Result again = MainTest.run(args);
        assertEquals(0, again.code());
        assertEquals(csv, Files.readAllLines(dir.resolve("results.csv")), "finished runs are reused, not retrained");
    }

    @Test
    void perRunFlagsAreRejected() {
        MainTest.Result r = MainTest.run("compare", "--density", "0.1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--density is set per run"), r.err());
    }
}
