package org.sparsetrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsetrain.engine.io.Checkpoint;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * A checkpoint written by {@code train} read back by a plain numpy safetensors reader
 * ({@code test-data/scripts/read_safetensors.py}) gives exactly the Java values. Skips, saying why, where
 * Debian's python3 with numpy is not installed ({@code .ci/run} installs python3-numpy).
 */
class SafetensorsPythonCrossCheckTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    @TempDir Path dir;

    @Test
    void numpyReaderSeesTheJavaValues() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3; skipping the numpy cross-check");
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
        Assumptions.assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "/usr/bin/python3 has no numpy (apt-get install python3-numpy); skipping the numpy cross-check");
        Path script = locateScript();

        Path run = dir.resolve("run");
        MainTest.Result r = TrainCommandTest.train(run, "--epochs", "1");
        assertEquals(0, r.code(), r.err());
        Path ckpt = run.resolve(RunFolder.CHECKPOINT);

        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), ckpt.toString(), "--values").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), err);
        Map<String, String[]> python = new HashMap<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) continue;
            String[] parts = line.split(" ");
            python.put(parts[0], java.util.Arrays.copyOfRange(parts, 1, parts.length));
        }
        Checkpoint java = Checkpoint.read(ckpt);
        int compared = 0;
        for (String section : java.sections().keySet()) {
            for (var e : java.section(section).entrySet()) {
                String name = section + "." + e.getKey();
                String[] values = python.get(name);
                assertTrue(values != null, "python did not see " + name + "; it saw " + python.keySet());
                Tensor t = e.getValue();
                assertEquals(t.size(), values.length, name);
                for (int i = 0; i < t.size(); i++) {
                    assertEquals(t.getFlat(i), Double.parseDouble(values[i]), 0.0, name + "[" + i + "]");
                }
                compared++;
            }
        }
        assertEquals(python.size(), compared);
        assertTrue(python.containsKey("model.fc1.weight"));
    }

    /** The script, from the module folder (Maven) or the repository root. */
    static Path locateScript() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve("test-data/scripts/read_safetensors.py");
            if (Files.isRegularFile(s)) return s;
        }
        throw new IllegalStateException("test-data/scripts/read_safetensors.py not found above " + Path.of("").toAbsolutePath());
    }
}
