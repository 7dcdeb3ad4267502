package org.sparsetrain.engine.backend.reference;

import java.util.Optional;

import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.BackendProvider;
import org.sparsetrain.engine.backend.Backends;

/** Registers the reference backend with the lowest priority: it is always available. */
public final class ReferenceBackendProvider implements BackendProvider {
    @Override public String name() { return "reference"; }

    @Override public int priority() { return 0; }

    @Override public Optional<String> unavailableReason() { return Optional.empty(); }

    @Override public Backend create(int threads) { return Backends.reference(); }
}
