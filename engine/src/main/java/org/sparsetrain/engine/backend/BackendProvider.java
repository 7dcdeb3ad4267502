package org.sparsetrain.engine.backend;

import java.util.Optional;

/**
 * Service-provider interface found with {@link java.util.ServiceLoader}: a kernel module registers one in
 * {@code META-INF/services/org.sparsetrain.engine.backend.BackendProvider}.
 *
 * <p>Call order: {@link #name()} and {@link #priority()} first; then {@link #unavailableReason()} exactly once
 * (a probe that must never throw); {@link #create(int)} only when that returned empty.
 */
public interface BackendProvider {
    /** Short name, matched by the {@code sparsetrain.backend} system property. */
    String name();

    /** Higher wins among available providers (reference = 0, SIMD = 100, CUDA = 200). */
    int priority();

    /** Empty when the backend can run here; otherwise a human-readable reason why not. */
    Optional<String> unavailableReason();

    /** A backend using {@code threads} worker threads. */
    Backend create(int threads);
}
