package org.sparsetrain.kernels.cuda.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a shared library the way the dynamic loader would, without loading it: the folders of
 * {@code LD_LIBRARY_PATH}, then the loader cache ({@code /etc/ld.so.cache}), then the standard folders.
 *
 * <p>This is what lets the GPU probe stop before touching any JavaCPP preset class: loading those classes
 * without {@code libcuda.so.1} leaves them permanently unusable in this JVM.
 */
public final class LibraryLocator {
    /** Folders the loader searches by default on x86-64 Linux distributions, and where CUDA installs put libraries. */
    public static final List<String> STANDARD_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/lib/wsl/lib", "/usr/local/cuda/lib64",
            "/usr/local/cuda/compat");

    private final String ldLibraryPath;
    private final Path loaderCache;
    private final List<String> standardDirs;

    /** {@code ldLibraryPath} may be null (unset). */
    public LibraryLocator(String ldLibraryPath, Path loaderCache, List<String> standardDirs) {
        this.ldLibraryPath = ldLibraryPath;
        this.loaderCache = loaderCache;
        this.standardDirs = List.copyOf(standardDirs);
    }

    /** This process's environment and the system loader cache. */
    public static LibraryLocator system() {
        return new LibraryLocator(System.getenv("LD_LIBRARY_PATH"), Path.of("/etc/ld.so.cache"), STANDARD_DIRS);
    }

    /** The file {@code soname} resolves to, if any. */
    public Optional<Path> find(String soname) {
        for (String dir : searchDirs()) {
            Path p = Path.of(dir, soname);
            if (Files.isRegularFile(p)) return Optional.of(p);
        }
        return fromLoaderCache(soname);
    }

    /** Where {@link #find} looks, in order, for error messages. */
    public String describeSearch() {
        return "LD_LIBRARY_PATH=" + (ldLibraryPath == null ? "(unset)" : ldLibraryPath) + ", " + loaderCache + ", "
                + String.join(":", standardDirs);
    }

    private List<String> searchDirs() {
        List<String> dirs = new ArrayList<>();
        if (ldLibraryPath != null) {
            for (String d : ldLibraryPath.split(":")) if (!d.isBlank()) dirs.add(d);
        }
        dirs.addAll(standardDirs);
        return dirs;
    }

    /**
     * The loader cache is a binary file whose string table holds each library's full path; a path ending in
     * {@code /soname} that exists is what the loader would pick. (Parsing the table's entries properly buys
     * nothing here: we only need to know whether the library is there.)
     */
    private Optional<Path> fromLoaderCache(String soname) {
        byte[] cache;
        try {
            if (!Files.isRegularFile(loaderCache)) return Optional.empty();
            cache = Files.readAllBytes(loaderCache);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        String text = new String(cache, StandardCharsets.ISO_8859_1);
        String suffix = "/" + soname;
        for (String s : text.split("\0")) {
            int slash = s.indexOf('/');   // the first string may carry header bytes before it
            if (slash < 0 || !s.endsWith(suffix)) continue;
            Path p = Path.of(s.substring(slash));
            if (Files.isRegularFile(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
