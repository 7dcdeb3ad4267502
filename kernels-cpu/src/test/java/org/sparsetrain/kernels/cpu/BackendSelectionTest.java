package org.sparsetrain.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.backend.BackendProvider;
import org.sparsetrain.engine.backend.Backends;

/**
 * CI must never pass while silently running scalar code: when the build says the SIMD backend is expected
 * ({@code -Dsparsetrain.expectBackend=simd}, set by this module's surefire configuration), anything else fails.
 */
class BackendSelectionTest {

    @Test void expectedBackendIsTheOneSelected() {
        String expected = System.getProperty("sparsetrain.expectBackend");
        String actual = Backends.get().name();
        if (expected != null && !expected.isBlank()) {
            assertEquals(expected, actual, "expected backend '" + expected + "' but '" + actual
                    + "' was selected:\n" + Backends.selectionReport());
        }
        // without the property this still checks that the SIMD provider is found on the class path
        boolean found = ServiceLoader.load(BackendProvider.class).stream()
                .anyMatch(p -> p.type() == SimdBackendProvider.class);
        assertTrue(found, "SimdBackendProvider not registered in META-INF/services");
    }

    @Test void providerIdentity() {
        SimdBackendProvider p = new SimdBackendProvider();
        assertEquals("simd", p.name());
        assertEquals(100, p.priority());
    }

    @Test void availableWhenTheVectorModuleIsResolved() {
        // surefire runs with --add-modules jdk.incubator.vector (kernels-cpu/pom.xml)
        assertEquals(Optional.empty(), new SimdBackendProvider().unavailableReason());
    }

    @Test void switchPropertyTurnsSimdOff() {
        String old = System.getProperty(SimdBackendProvider.SIMD_PROPERTY);
        System.setProperty(SimdBackendProvider.SIMD_PROPERTY, "false");
        try {
            Optional<String> why = new SimdBackendProvider().unavailableReason();
            assertTrue(why.isPresent(), "sparsetrain.simd=false must make the provider unavailable");
            assertTrue(why.get().contains("sparsetrain.simd=false"), why.get());
        } finally {
            if (old == null) System.clearProperty(SimdBackendProvider.SIMD_PROPERTY);
            else System.setProperty(SimdBackendProvider.SIMD_PROPERTY, old);
        }
    }

    @Test void createdBackendUsesTheRequestedThreads() {
        try (SimdBackend b = (SimdBackend) new SimdBackendProvider().create(3)) {
            assertEquals("simd", b.name());
            assertEquals(3, b.threads());
        }
    }
}
