package org.sparsetrain.engine.autograd;

/**
 * Whether ops record themselves on the tape, per thread. {@code try (var off = GradMode.disabled()) { ... }}
 * evaluates without building a graph.
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {}

    public static boolean isEnabled() { return ENABLED.get(); }

    /** Disables recording until the returned scope is closed. */
    public static Scope disabled() { return set(false); }

    /** Enables recording until the returned scope is closed. */
    public static Scope enabled() { return set(true); }

    private static Scope set(boolean value) {
        boolean previous = ENABLED.get();
        ENABLED.set(value);
        return () -> ENABLED.set(previous);
    }

    /** Restores the previous mode on close. */
    public interface Scope extends AutoCloseable {
        @Override void close();
    }
}
