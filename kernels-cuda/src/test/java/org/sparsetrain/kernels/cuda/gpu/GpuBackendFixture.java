package org.sparsetrain.kernels.cuda.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.sparsetrain.kernels.cuda.CudaBackend;
import org.sparsetrain.kernels.cuda.CudaBackendProvider;

/**
 * One GPU backend shared by the gpu-tagged classes of a test run, or a skip with the probe's reason (on CI:
 * "GPU backend unavailable: no libcuda.so.1 ..."), so that the suite shows as skipped there, not as passed.
 */
final class GpuBackendFixture {
    private static CudaBackend backend;

    private GpuBackendFixture() {}

    static synchronized CudaBackend backend() {
        var outcome = CudaBackendProvider.probe();
        assumeTrue(outcome.isAvailable(), () -> "skipped, no GPU here: " + outcome.reason());
        if (backend == null) backend = CudaBackendProvider.createIfAvailable().orElseThrow();
        return backend;
    }
}
