package org.sparsetrain.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart written as SVG text: one labelled bar per item with its value printed at the bar's
 * end. Used for the per-layer density of a sparse model (values in [0, 1] shown as percentages).
 */
public final class SvgBarChart {
    private record Bar(String label, double value) {}

    private static final int W = 640, ROW = 24, LEFT = 170, RIGHT = 70, TOP = 44, BOTTOM = 20;

    private final String title;
    private final double max;
    private final boolean percent;
    private final List<Bar> bars = new ArrayList<>();

    /** Bars scale to {@code max}; {@code percent} prints values times 100 with a percent sign. */
    public SvgBarChart(String title, double max, boolean percent) {
        if (!(max > 0)) throw new IllegalArgumentException("bar chart: max must be > 0, got " + max);
        this.title = title;
        this.max = max;
        this.percent = percent;
    }

    public SvgBarChart add(String label, double value) {
        bars.add(new Bar(label, value));
        return this;
    }

    public String render() {
        int h = TOP + BOTTOM + ROW * Math.max(1, bars.size());
        int pw = W - LEFT - RIGHT;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, h, W, h));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, h));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\" text-anchor=\"middle\">%s</text>%n",
                W / 2, SvgLineChart.esc(title)));
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = TOP + i * ROW;
            double v = Double.isFinite(b.value()) ? Math.max(0, Math.min(max, b.value())) : 0;
            double len = v / max * pw;
            String text = percent ? String.format(Locale.ROOT, "%.2f%%", 100 * b.value())
                    : String.format(Locale.ROOT, "%.4g", b.value());
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                    + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#1f77b4\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text>%n",
                    LEFT - 8, y + ROW / 2 + 4, SvgLineChart.esc(b.label()), LEFT, y + 3, len, ROW - 6,
                    LEFT + len + 6, y + ROW / 2 + 4, text));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, TOP, LEFT, h - BOTTOM));
        return sb.append("</svg>\n").toString();
    }
}
