package org.sparsetrain.engine.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import org.sparsetrain.engine.backend.reference.ReferenceBackend;

/**
 * Chooses the backend once: every {@link BackendProvider} on the class path is probed, the available one with
 * the highest priority wins, and one line saying which loaded and why the others did not is printed to
 * stderr. The system property {@code sparsetrain.backend=NAME} forces a provider,
 * {@code sparsetrain.threads=N} sets the thread count (default: available processors).
 *
 * <p>{@link #use(Backend)} swaps the backend for a scope (tests, benchmarks, conformance suites).
 */
public final class Backends {
    /** System property naming the provider to use. */
    public static final String BACKEND_PROPERTY = "sparsetrain.backend";
    /** System property with the worker-thread count. */
    public static final String THREADS_PROPERTY = "sparsetrain.threads";

    private static volatile Backend current;
    private static volatile String selectionReport = "";
    private static final ReferenceBackend REFERENCE = new ReferenceBackend();

    private Backends() {}

    /** The selected backend, chosen on first use. */
    public static Backend get() {
        Backend b = current;
        if (b == null) {
            synchronized (Backends.class) {
                if (current == null) current = select(defaultThreads(), true);
                b = current;
            }
        }
        return b;
    }

    /** The scalar double-precision oracle. */
    public static ReferenceBackend reference() { return REFERENCE; }

    /** One line per provider: which one loaded and why the others did not. */
    public static String selectionReport() {
        get();
        return selectionReport;
    }

    /** Replaces the backend until the returned scope is closed; scopes nest. */
    public static Scope use(Backend backend) {
        Backend previous = get();
        current = backend;
        return () -> current = previous;
    }

    /** Re-selects with another thread count (the CLI's {@code --threads}), printing the selection again. */
    public static synchronized Backend reselect(int threads) {
        current = select(threads, true);
        return current;
    }

    /** A scope that restores the previous backend on close. */
    public interface Scope extends AutoCloseable {
        @Override void close();
    }

    static int defaultThreads() {
        String p = System.getProperty(THREADS_PROPERTY);
        if (p == null || p.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            int t = Integer.parseInt(p.trim());
            if (t < 1) throw new NumberFormatException();
            return t;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + THREADS_PROPERTY + " must be a positive integer, got '" + p + "'");
        }
    }

    private static Backend select(int threads, boolean print) {
        String forced = System.getProperty(BACKEND_PROPERTY);
        List<BackendProvider> providers = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(providers::add);
        providers.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        StringBuilder report = new StringBuilder();
        BackendProvider chosen = null;
        for (BackendProvider p : providers) {
            Optional<String> why;
            try {
                why = p.unavailableReason();
            } catch (RuntimeException | LinkageError e) {
                why = Optional.of("probe failed: " + e);
            }
            if (why.isPresent()) {
                report.append("  ").append(p.name()).append(": unavailable: ").append(why.get()).append('\n');
            } else if (forced != null && !forced.equals(p.name())) {
                report.append("  ").append(p.name()).append(": available, not chosen (").append(BACKEND_PROPERTY)
                        .append('=').append(forced).append(")\n");
            } else if (chosen == null) {
                chosen = p;
            } else {
                report.append("  ").append(p.name()).append(": available, lower priority than ")
                        .append(chosen.name()).append('\n');
            }
        }
        Backend backend = chosen == null ? REFERENCE : chosen.create(threads);
        if (chosen == null && forced != null && !forced.equals(REFERENCE.name())) {
            throw new IllegalStateException("backend '" + forced + "' requested by -D" + BACKEND_PROPERTY
                    + " is not available:\n" + report);
        }
        String head = "sparsetrain: backend " + backend.name() + " (" + backend.threads() + " thread"
                + (backend.threads() == 1 ? "" : "s") + ")";
        selectionReport = head + (report.isEmpty() ? "" : "\n" + report.toString().stripTrailing());
        if (print) System.err.println(selectionReport);
        return backend;
    }
}
