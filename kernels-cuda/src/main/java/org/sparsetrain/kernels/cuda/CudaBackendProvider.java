package org.sparsetrain.kernels.cuda;

import java.util.Optional;

import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.BackendProvider;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.kernels.cuda.driver.CudaDevice;
import org.sparsetrain.kernels.cuda.driver.CudaRuntime;
import org.sparsetrain.kernels.cuda.probe.GpuProbe;
import org.sparsetrain.kernels.cuda.probe.LibraryLocator;
import org.sparsetrain.kernels.cuda.probe.ProbeOutcome;

/**
 * Registers the GPU backend ({@code "cuda"}, priority 200) with {@link Backends}.
 *
 * <p>It is only a candidate when asked for: {@code -Dsparsetrain.device=cuda} (what {@code train --device cuda}
 * sets; falls back to the CPU backend with "GPU backend unavailable: reason" when there is no usable GPU) or
 * {@code -Dsparsetrain.backend=cuda} (strict: fails when unavailable). Otherwise it reports "not requested" and
 * probes nothing, so a CPU run never loads the CUDA presets and a GPU machine does not switch backends
 * by surprise.
 *
 * <p>The probe ({@link GpuProbe}) runs at most once per process and its outcome is shared by every provider
 * instance (ServiceLoader creates a new one each time {@link Backends} selects).
 */
public final class CudaBackendProvider implements BackendProvider {
    /** System property selecting the compute device; {@code cuda} makes this backend a candidate. */
    public static final String DEVICE_PROPERTY = "sparsetrain.device";
    public static final String NAME = "cuda";

    /** The process-wide probe: the preset classes can be initialised once per JVM, successfully or not. */
    private static final class Shared {
        static final GpuProbe<CudaDevice> PROBE = new GpuProbe<>(LibraryLocator.system(), CudaDevice::open);
    }

    @Override public String name() { return NAME; }

    @Override public int priority() { return 200; }

    /** Whether this run asked for the GPU. */
    public static boolean requested() {
        return NAME.equalsIgnoreCase(System.getProperty(DEVICE_PROPERTY, "").trim())
                || NAME.equalsIgnoreCase(System.getProperty(Backends.BACKEND_PROPERTY, "").trim());
    }

    @Override public Optional<String> unavailableReason() {
        if (!requested()) {
            return Optional.of("not requested (-D" + DEVICE_PROPERTY + "=cuda or train --device cuda uses the GPU)");
        }
        return probe().unavailableReason();
    }

    /** The shared probe outcome, probing on first use (also for tests and tools that bypass {@link Backends}). */
    public static ProbeOutcome<CudaDevice> probe() { return Shared.PROBE.outcome(); }

    /**
     * The process's GPU backend ({@code threads} does not apply: one stream). The same instance every time, so that
     * {@link Backends#reselect} (the CLI's {@code --threads}) does not leave a second stream, cuBLAS handle and
     * device cache behind.
     */
    @Override public Backend create(int threads) {
        ProbeOutcome<CudaDevice> outcome = probe();
        if (!outcome.isAvailable()) throw new IllegalStateException(outcome.reason());
        return shared(outcome.device());
    }

    /** How often the shared probe ran its native step (0 when it stopped at the driver-library check). */
    public static int nativeProbeAttempts() { return Shared.PROBE.nativeAttempts(); }

    /** The GPU backend if the probe succeeded (for conformance tests and benchmarks), else empty. */
    public static Optional<CudaBackend> createIfAvailable() {
        ProbeOutcome<CudaDevice> outcome = probe();
        return outcome.isAvailable() ? Optional.of(shared(outcome.device())) : Optional.empty();
    }

    private static CudaBackend backend;

    private static synchronized CudaBackend shared(CudaDevice device) {
        if (backend == null) {
            backend = new CudaBackend(new CudaRuntime(device));
            System.err.println("sparsetrain: GPU " + backend.device());
        }
        return backend;
    }
}
