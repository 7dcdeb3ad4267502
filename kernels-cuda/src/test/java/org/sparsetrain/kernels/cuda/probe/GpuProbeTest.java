package org.sparsetrain.kernels.cuda.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuProbeTest {
    @TempDir Path tmp;

    private LibraryLocator nowhere() {
        return new LibraryLocator(null, tmp.resolve("no-cache"), List.of(tmp.resolve("empty").toString()));
    }

    private LibraryLocator with(String soname) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("lib"));
        Files.writeString(dir.resolve(soname), "not really a library");
        return new LibraryLocator(dir.toString(), tmp.resolve("no-cache"), List.of());
    }

    @Test void withoutTheDriverLibraryTheNativeSideIsNeverTouched() {
        int[] calls = {0};
        GpuProbe<String> probe = new GpuProbe<>(nowhere(), () -> {
            calls[0]++;
            return "device";
        });
        ProbeOutcome<String> o = probe.outcome();
        assertFalse(o.isAvailable());
        assertTrue(o.reason().startsWith("GPU backend unavailable: no libcuda.so.1"), o.reason());
        assertTrue(o.reason().contains("LD_LIBRARY_PATH=(unset)"), o.reason());
        assertEquals(0, calls[0]);
        assertEquals(0, probe.nativeAttempts());
    }

    @Test void aFailedInitialisationIsReportedWithItsCauseAndNeverRetried() throws IOException {
        int[] calls = {0};
        GpuProbe<String> probe = new GpuProbe<>(with("libcuda.so.1"), () -> {
            calls[0]++;
            throw new ExceptionInInitializerError(new UnsatisfiedLinkError("no jnicudart in java.library.path"));
        });
        ProbeOutcome<String> first = probe.outcome();
        assertEquals("GPU backend unavailable: ExceptionInInitializerError; caused by UnsatisfiedLinkError: "
                + "no jnicudart in java.library.path", first.reason());
        for (int i = 0; i < 5; i++) assertSame(first, probe.outcome());
        assertEquals(1, calls[0], "the preset classes must not be touched a second time");
    }

    @Test void aSuccessfulProbeIsCachedToo() throws IOException {
        int[] calls = {0};
        GpuProbe<String> probe = new GpuProbe<>(with("libcuda.so.1"), () -> "H100 #" + (++calls[0]));
        assertEquals("H100 #1", probe.outcome().device());
        assertEquals("H100 #1", probe.outcome().device());
        assertTrue(probe.outcome().unavailableReason().isEmpty());
        assertEquals(1, probe.nativeAttempts());
    }

    @Test void libraryFoundThroughTheLoaderCache() throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("x86_64-linux-gnu")).resolve("libcuda.so.1");
        Files.writeString(lib, "elf");
        // ld.so.cache: a binary header, then NUL-terminated names and paths
        byte[] cache = ("glibc-ld.so.cache1.1\u0001\u0002\0libcuda.so.1\0" + lib + "\0libm.so.6\0/lib/libm.so.6\0")
                .getBytes(StandardCharsets.ISO_8859_1);
        Path cacheFile = Files.write(tmp.resolve("ld.so.cache"), cache);
        LibraryLocator locator = new LibraryLocator("", cacheFile, List.of());
        assertEquals(lib, locator.find("libcuda.so.1").orElseThrow());
        assertTrue(locator.find("libcublas.so.13").isEmpty());
    }

    @Test void ldLibraryPathComesFirstAndEmptyEntriesAreIgnored() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a")), b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(b.resolve("libcudart.so.13"), "x");
        LibraryLocator locator = new LibraryLocator("::" + a + ":" + b, tmp.resolve("none"), List.of());
        assertEquals(b.resolve("libcudart.so.13"), locator.find("libcudart.so.13").orElseThrow());
    }
}
