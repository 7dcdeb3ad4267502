package org.sparsetrain.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ServiceLoader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.backend.BackendProvider;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.kernels.cuda.probe.GpuProbe;
import org.sparsetrain.kernels.cuda.probe.LibraryLocator;

/** The provider on machines without a GPU (CI): registered, never chosen unasked, CPU fallback when asked. */
class CudaBackendProviderTest {
    @AfterEach void clearProperties() {
        System.clearProperty(CudaBackendProvider.DEVICE_PROPERTY);
        System.clearProperty(Backends.BACKEND_PROPERTY);
    }

    private static boolean noDriverHere() {
        return LibraryLocator.system().find(GpuProbe.DRIVER_LIBRARY).isEmpty();
    }

    @Test void registeredWithServiceLoader() {
        boolean found = ServiceLoader.load(BackendProvider.class).stream()
                .anyMatch(p -> p.type() == CudaBackendProvider.class);
        assertTrue(found, "META-INF/services must list CudaBackendProvider");
        assertEquals(200, new CudaBackendProvider().priority());
    }

    @Test void notACandidateUnlessRequested() {
        String why = new CudaBackendProvider().unavailableReason().orElseThrow();
        assertTrue(why.startsWith("not requested"), why);
        assertTrue(why.contains("-Dsparsetrain.device=cuda"), why);
    }

    @Test void requestedWithoutDriverFallsBackToTheCpuBackendAndSaysWhy() {
        assumeTrue(noDriverHere(), "this machine has libcuda.so.1; the no-driver path is covered by GpuProbeTest");
        System.setProperty(CudaBackendProvider.DEVICE_PROPERTY, "cuda");
        try {
            var chosen = Backends.reselect(1);
            assertNotEquals("cuda", chosen.name());
            String report = Backends.selectionReport();
            assertTrue(report.contains("cuda: unavailable: GPU backend unavailable: no libcuda.so.1"), report);
        } finally {
            System.clearProperty(CudaBackendProvider.DEVICE_PROPERTY);
            Backends.reselect(1);
        }
        var outcome = CudaBackendProvider.probe();
        assertSame(outcome, CudaBackendProvider.probe(), "the probe runs once per process");
        assertTrue(CudaBackendProvider.createIfAvailable().isEmpty());
    }

    @Test void strictRequestFailsLoudlyWithTheReason() {
        assumeTrue(noDriverHere(), "this machine has libcuda.so.1");
        System.setProperty(Backends.BACKEND_PROPERTY, "cuda");
        try {
            var e = assertThrows(IllegalStateException.class, () -> Backends.reselect(1));
            assertTrue(e.getMessage().contains("GPU backend unavailable: no libcuda.so.1"), e.getMessage());
        } finally {
            System.clearProperty(Backends.BACKEND_PROPERTY);
            Backends.reselect(1);
        }
    }

    @Test void presetClassesAreNeverLoadedWithoutTheDriver() {
        assumeTrue(noDriverHere(), "this machine has libcuda.so.1");
        System.setProperty(CudaBackendProvider.DEVICE_PROPERTY, "cuda");
        new CudaBackendProvider().unavailableReason();
        new CudaBackendProvider().unavailableReason();
        assertEquals(0, CudaBackendProvider.nativeProbeAttempts());
        assertTrue(!PresetClasses.loaded(), "a JavaCPP CUDA class was loaded although the probe stopped before");
    }
}
