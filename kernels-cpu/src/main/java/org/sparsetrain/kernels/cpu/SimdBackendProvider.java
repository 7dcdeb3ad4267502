package org.sparsetrain.kernels.cpu;

import java.util.Optional;

import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.BackendProvider;
import org.sparsetrain.kernels.cpu.simd.SimdSupport;

/**
 * Registers the Vector API backend ({@code "simd"}, priority 100). It is unavailable when
 * {@code -Dsparsetrain.simd=false} switches SIMD off (debugging, equivalence runs against the reference), when
 * {@code jdk.incubator.vector} is not in the boot layer, or when the preferred float species has fewer than
 * 4 lanes (no useful SIMD on this CPU).
 */
public final class SimdBackendProvider implements BackendProvider {
    /** System property that switches the SIMD backend off when set to {@code false}. */
    public static final String SIMD_PROPERTY = "sparsetrain.simd";
    static final String MODULE = "jdk.incubator.vector";
    static final String NOT_RESOLVED = MODULE + " not resolved: run java with --add-modules " + MODULE;

    @Override public String name() { return "simd"; }

    @Override public int priority() { return 100; }

    @Override public Optional<String> unavailableReason() {
        if ("false".equalsIgnoreCase(System.getProperty(SIMD_PROPERTY, "").trim())) {
            return Optional.of("switched off by -D" + SIMD_PROPERTY + "=false");
        }
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) return Optional.of(NOT_RESOLVED);
        int lanes;
        try {
            lanes = SimdSupport.preferredFloatLanes();
        } catch (LinkageError e) {
            // the module can be in the layer yet not readable from an unnamed module that did not add it
            return Optional.of(NOT_RESOLVED + " (" + e + ")");
        }
        if (lanes < 4) {
            return Optional.of("preferred float species has " + lanes + " lanes (" + SimdSupport.describe()
                    + "); SIMD needs at least 4");
        }
        return Optional.empty();
    }

    @Override public Backend create(int threads) { return new SimdBackend(threads); }
}
