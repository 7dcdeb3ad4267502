package org.sparsetrain.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a GPU, as far as a GPU-less machine can go: builds fake CUDA libraries (src/test/native, needs gcc) and
 * runs {@link FakeDriverScenario} in a child JVM against them. The child is needed because the loader reads
 * LD_LIBRARY_PATH once per process, and because this JVM must keep the preset classes unloaded
 * (CudaBackendProviderTest).
 */
class FakeDriverIntegrationTest {
    @TempDir Path tmp;

    private static boolean gccAvailable() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test void backendRunsEndToEndOnTheFakeDriver() throws Exception {
        assumeTrue(gccAvailable(), "gcc not found: the fake CUDA libraries cannot be built here");
        Path script = Path.of(System.getProperty("sparsetrain.cuda.sources", "src/main/cuda"))
                .resolveSibling("../test/native/build-fakes.sh").normalize();
        Path libs = tmp.resolve("libs");
        Process build = new ProcessBuilder("bash", script.toString(), libs.toString()).redirectErrorStream(true).start();
        String buildLog = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, build.waitFor(), "building the fakes failed:\n" + buildLog);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dorg.bytedeco.javacpp.cachedir=" + tmp.resolve("javacpp-cache"),
                "-Dsparsetrain.cuda.mirrorBytes=65536",   // small, so that the scenario's steps reach steady state
                "-cp", System.getProperty("java.class.path"), FakeDriverScenario.class.getName()));
        pb.environment().put("LD_LIBRARY_PATH", libs.toString());
        pb.redirectErrorStream(true);
        Process child = pb.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the scenario did not finish:\n" + out);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("fake-driver scenario: OK"), out);
        assertTrue(out.contains("sparsetrain: backend cuda"), out);
        Files.writeString(tmp.resolve("scenario.log"), out);
    }
}
