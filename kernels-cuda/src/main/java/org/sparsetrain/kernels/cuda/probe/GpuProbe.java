package org.sparsetrain.kernels.cuda.probe;

import java.util.Objects;

/**
 * The GPU availability check, run at most once per instance (the production instance is a process-wide
 * singleton in {@code CudaBackendProvider}): first the driver library is looked for on disk, and only if it is
 * there is the native initialisation (preset classes, {@code cuInit}, device count, context) attempted. The
 * outcome, success or failure, is cached: after a failure the preset classes are never touched again, because
 * JavaCPP classes whose static initialiser failed cannot be initialised a second time in this JVM.
 *
 * @param <D> the device handle the native initialisation returns
 */
public final class GpuProbe<D> {
    /** The driver library every CUDA program needs; it ships with the NVIDIA driver, never with the toolkit. */
    public static final String DRIVER_LIBRARY = "libcuda.so.1";

    /** The native side of the probe: returns a device or throws (any {@link Throwable}) saying why not. */
    @FunctionalInterface
    public interface NativeInit<D> {
        D open() throws Throwable;
    }

    private final LibraryLocator locator;
    private final NativeInit<D> init;
    private ProbeOutcome<D> outcome;
    private int nativeAttempts;

    public GpuProbe(LibraryLocator locator, NativeInit<D> init) {
        this.locator = Objects.requireNonNull(locator);
        this.init = Objects.requireNonNull(init);
    }

    /** The cached outcome, probing on the first call. Never throws. */
    public synchronized ProbeOutcome<D> outcome() {
        if (outcome == null) outcome = probe();
        return outcome;
    }

    /** How often the native initialisation ran (0 or 1): tests check that a failure is not retried. */
    public synchronized int nativeAttempts() { return nativeAttempts; }

    private ProbeOutcome<D> probe() {
        if (locator.find(DRIVER_LIBRARY).isEmpty()) {
            return ProbeOutcome.unavailable("no " + DRIVER_LIBRARY + " (the NVIDIA driver) found; searched "
                    + locator.describeSearch());
        }
        nativeAttempts++;
        try {
            D device = init.open();
            if (device == null) return ProbeOutcome.unavailable("initialisation returned no device");
            return ProbeOutcome.available(device);
        } catch (Throwable t) {   // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError, CudaException
            if (t instanceof VirtualMachineError vm && !(t instanceof OutOfMemoryError)) throw vm;
            return ProbeOutcome.unavailable(describe(t));
        }
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 600; c = c.getCause()) {
            if (!sb.isEmpty()) sb.append("; caused by ");
            sb.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) sb.append(": ").append(c.getMessage().strip());
            if (c.getCause() == c) break;
        }
        return sb.toString();
    }
}
