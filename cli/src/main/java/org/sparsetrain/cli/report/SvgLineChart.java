package org.sparsetrain.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart written as SVG text (no dependencies): a title, labelled axes with "nice" ticks, and one
 * polyline with point markers per series, plus a legend. Used for loss and accuracy curves per epoch and for
 * accuracy-vs-density plots.
 */
public final class SvgLineChart {
    /** One named series of (x, y) points. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
            }
        }
    }

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
    private static final int W = 640, H = 400, LEFT = 70, RIGHT = 170, TOP = 40, BOTTOM = 50;

    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logX;

    public SvgLineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public SvgLineChart add(Series s) {
        series.add(s);
        return this;
    }

    /** Logarithmic x axis (for densities or FLOPs spanning decades). */
    public SvgLineChart logX() {
        this.logX = true;
        return this;
    }

    /** The SVG document. An empty or all-NaN chart still renders its frame and title. */
    public String render() {
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.y()[i]) || !Double.isFinite(tx(s.x()[i]))) continue;
                minX = Math.min(minX, tx(s.x()[i]));
                maxX = Math.max(maxX, tx(s.x()[i]));
                minY = Math.min(minY, s.y()[i]);
                maxY = Math.max(maxY, s.y()[i]);
            }
        }
        if (minX > maxX) { minX = 0; maxX = 1; }
        if (minY > maxY) { minY = 0; maxY = 1; }
        if (minX == maxX) { minX -= 0.5; maxX += 0.5; }
        if (minY == maxY) { minY -= Math.max(1e-9, Math.abs(minY) * 0.05); maxY += Math.max(1e-9, Math.abs(maxY) * 0.05); }
        double[] yTicks = ticks(minY, maxY);
        minY = Math.min(minY, yTicks[0]);
        maxY = Math.max(maxY, yTicks[yTicks.length - 1]);
        double[] xTicks = logX ? logTicks(minX, maxX) : ticks(minX, maxX);
        if (!logX) {
            minX = Math.min(minX, xTicks[0]);
            maxX = Math.max(maxX, xTicks[xTicks.length - 1]);
        }
        final double x0 = minX, x1 = maxX, y0 = minY, y1 = maxY;
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\" text-anchor=\"middle\">%s</text>%n",
                LEFT + pw / 2, esc(title)));
        for (double t : yTicks) {
            double py = TOP + ph - (t - y0) / (y1 - y0) * ph;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT, py, LEFT + pw, py, LEFT - 6, py + 4, fmt(t)));
        }
        for (double t : xTicks) {
            if (t < x0 - 1e-12 || t > x1 + 1e-12) continue;
            double px = LEFT + (t - x0) / (x1 - x0) * pw;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    px, TOP, px, TOP + ph, px, TOP + ph + 18, fmt(logX ? Math.pow(10, t) : t)));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>%n",
                LEFT, TOP, pw, ph));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + pw / 2, H - 10, esc(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">%s</text>%n",
                TOP + ph / 2, TOP + ph / 2, esc(yLabel)));
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            String color = COLORS[si % COLORS.length];
            StringBuilder pts = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                double xv = tx(s.x()[i]);
                if (!Double.isFinite(s.y()[i]) || !Double.isFinite(xv)) continue;
                double px = LEFT + (xv - x0) / (x1 - x0) * pw, py = TOP + ph - (s.y()[i] - y0) / (y1 - y0) * ph;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                marks.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", px, py, color));
            }
            sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%s%n",
                    pts.toString().trim(), color, marks));
            int ly = TOP + 14 + si * 18;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                    W - RIGHT + 12, ly, W - RIGHT + 32, ly, color, W - RIGHT + 38, ly + 4, esc(s.name())));
        }
        return sb.append("</svg>\n").toString();
    }

    private double tx(double x) { return logX ? (x > 0 ? Math.log10(x) : Double.NaN) : x; }

    /** About five round-numbered ticks covering [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        double raw = (hi - lo) / 5, mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3 ? 2 * mag : raw / mag < 7 ? 5 * mag : 10 * mag;
        double start = Math.floor(lo / step) * step;
        int n = (int) Math.ceil((hi - start) / step - 1e-9) + 1;
        double[] t = new double[Math.max(2, n)];
        for (int i = 0; i < t.length; i++) t[i] = start + i * step;
        return t;
    }

    private static double[] logTicks(double lo, double hi) {
        int a = (int) Math.floor(lo), b = (int) Math.ceil(hi);
        List<Double> t = new ArrayList<>();
        for (int e = a; e <= b; e++) {
            for (int m : new int[] {1, 2, 5}) t.add(e + Math.log10(m));
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String fmt(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) return String.format(Locale.ROOT, "%.1e", v);
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
