package org.sparsetrain.cli.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line terminal progress bar for an epoch: epoch, step/total, images/s, running loss and ETA, redrawn
 * in place with a carriage return at most every 100 ms. Quiet (prints nothing) when the output is not a
 * terminal, so logs and CI output stay clean; the per-epoch summary lines are printed by the caller either way.
 */
public final class ProgressBar {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private final LongSupplier clock;
    private String epochLabel = "";
    private int total;
    private long startNanos, lastDraw;
    private long images;
    private int lastWidth;

    /** {@code enabled} is usually {@link #isTerminal()}. */
    public ProgressBar(PrintStream out, boolean enabled, LongSupplier nanoClock) {
        this.out = out;
        this.enabled = enabled;
        this.clock = nanoClock;
    }

    /** True when standard output is an interactive terminal. */
    public static boolean isTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    public void startEpoch(String label, int totalSteps) {
        this.epochLabel = label;
        this.total = totalSteps;
        this.images = 0;
        this.startNanos = clock.getAsLong();
        this.lastDraw = 0;
    }

    /** Reports that step {@code step} (1-based) finished, with {@code batch} images and the running mean loss. */
    public void step(int step, int batch, double loss) {
        images += batch;
        if (!enabled) return;
        long now = clock.getAsLong();
        if (step < total && now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        String line = render(step, now, loss);
        out.print('\r' + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        out.flush();
        lastWidth = line.length();
    }

    /** Clears the bar so the caller's summary line starts at column 0. */
    public void endEpoch() {
        if (!enabled || lastWidth == 0) return;
        out.print('\r' + " ".repeat(lastWidth) + '\r');
        out.flush();
        lastWidth = 0;
    }

    /** Images per second since {@link #startEpoch}. */
    public double imagesPerSecond() {
        double s = (clock.getAsLong() - startNanos) / 1e9;
        return s > 0 ? images / s : 0;
    }

    String render(int step, long now, double loss) {
        double elapsed = (now - startNanos) / 1e9;
        double rate = elapsed > 0 ? images / elapsed : 0;
        double eta = step > 0 ? elapsed / step * (total - step) : 0;
        int width = 24, filled = total == 0 ? width : (int) ((long) width * step / total);
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d  %,.0f img/s  loss %.4f  ETA %s", epochLabel,
                "=".repeat(filled), " ".repeat(width - filled), step, total, rate, loss, duration(eta));
    }

    /** {@code 75} seconds as {@code 1:15}, an hour or more as {@code 1:02:03}. */
    public static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
