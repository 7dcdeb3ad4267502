package org.sparsetrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --execution} on the SIMD backend: a RigL run in SPARSE mode ends with the accuracy of the same run in
 * MASKED mode (float rounding apart), the summary says how each layer ran, and the compact sparse model it writes
 * evaluates to the same accuracy with the sparse kernels.
 */
class SparseExecutionCommandTest {
    @TempDir Path dir;

    private static final Pattern FINAL = Pattern.compile("final test accuracy ([0-9.]+)%");

    private static double finalAccuracy(MainTest.Result r) {
        Matcher m = FINAL.matcher(r.out());
        assertTrue(m.find(), r.out());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void sparseAndMaskedRunsEndAlikeAndTheCompactModelEvaluates() throws IOException {
        String[] common = {"--epochs", "3", "--method", "rigl", "--density", "0.05", "--delta", "5"};
        MainTest.Result masked = TrainCommandTest.train(dir.resolve("masked"), concat(common, "--execution", "masked"));
        MainTest.Result sparse = TrainCommandTest.train(dir.resolve("sparse"), concat(common, "--execution", "sparse"));
        assertEquals(0, masked.code(), masked.err() + masked.out());
        assertEquals(0, sparse.code(), sparse.err() + sparse.out());
        assertTrue(sparse.out().contains("sparse execution") && sparse.out().contains(" sparse\n"), sparse.out());
        assertTrue(masked.out().contains(" masked\n"), masked.out());
        // float rounding differs (SpMM vs GEMM sums), so a handful of the 1000 test images may flip
        assertEquals(finalAccuracy(masked), finalAccuracy(sparse), 1.5, "accuracy SPARSE vs MASKED");
        String manifest = Files.readString(dir.resolve("sparse").resolve("manifest.json"));
        JsonSyntax.check(manifest);
        assertTrue(manifest.contains("\"layer_execution\"") && manifest.contains("\"sparse_model\""), manifest);

        Path compact = dir.resolve("sparse").resolve(RunFolder.SPARSE_MODEL);
        assertTrue(Files.size(compact) < 0.25 * Files.size(dir.resolve("sparse").resolve(RunFolder.CHECKPOINT)));
        MainTest.Result eval = MainTest.run("eval", "--checkpoint", compact.toString());
        assertEquals(0, eval.code(), eval.err() + eval.out());
        assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "test accuracy %.2f%%", finalAccuracy(sparse))),
                eval.out() + "\nvs\n" + sparse.out());
        assertTrue(eval.out().contains("sparse inference:") && eval.out().contains("bytes on disk"), eval.out());
    }

    @Test
    void badExecutionValueIsAUsageError() {
        MainTest.Result r = MainTest.run("train", "--method", "rigl", "--execution", "fast");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--execution must be auto, sparse or masked; got 'fast'"), r.err());
        assertTrue(MainTest.run("train", "--execution", "sparse").err().contains("--execution needs a sparse --method"));
    }

    @Test
    void deviceCudaWithoutAGpuFallsBackToTheCpuAndSaysWhy() throws IOException {
        MainTest.Result r = TrainCommandTest.train(dir.resolve("gpu"), "--epochs", "1", "--device", "cuda");
        try {
            assertEquals(0, r.code(), r.err() + r.out());
            // on a machine without a GPU (CI) the probe's reason is printed and training runs on the CPU
            String manifest = Files.readString(dir.resolve("gpu").resolve("manifest.json"));
            assertTrue(manifest.contains("\"name\": \"cuda\"") || manifest.contains("GPU backend unavailable"), manifest);
            assertEquals(2, MainTest.run("train", "--device", "tpu").code());
            assertTrue(MainTest.run("train", "--device", "tpu").err().contains("--device must be cpu or cuda; got 'tpu'"));
        } finally {
            System.clearProperty("sparsetrain.device");
            org.sparsetrain.engine.backend.Backends.reselect(Runtime.getRuntime().availableProcessors());
        }
    }

    private static String[] concat(String[] a, String... b) {
        List<String> l = new java.util.ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(String[]::new);
    }
}
