package org.sparsetrain.kernels.cuda.probe;

import java.util.Optional;

/**
 * What the GPU availability probe found: a device ready to use, or the reason there is none.
 *
 * @param <D> the device handle ({@code CudaDevice} in production, anything in tests)
 */
public record ProbeOutcome<D>(D device, String reason) {
    /** Prefix of every failure reason, as users see it on stderr. */
    public static final String UNAVAILABLE = "GPU backend unavailable: ";

    public static <D> ProbeOutcome<D> available(D device) { return new ProbeOutcome<>(device, null); }

    public static <D> ProbeOutcome<D> unavailable(String why) { return new ProbeOutcome<>(null, UNAVAILABLE + why); }

    public boolean isAvailable() { return device != null; }

    public Optional<String> unavailableReason() { return Optional.ofNullable(reason); }
}
