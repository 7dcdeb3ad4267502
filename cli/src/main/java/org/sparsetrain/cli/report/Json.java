package org.sparsetrain.cli.report;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes JSON text from maps, lists, strings, numbers, booleans and null: what the run folder's manifest and
 * metrics lines need, and nothing more (no parser: nothing reads these files back but people and scripts).
 */
public final class Json {
    private Json() {}

    /** Compact JSON of {@code value}; maps keep their iteration order. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value, -1, 0);
        return sb.toString();
    }

    /** Indented JSON of {@code value}, two spaces per level. */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value, 2, 0);
        return sb.append('\n').toString();
    }

    private static void append(StringBuilder sb, Object v, int indent, int level) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> quote(sb, s);
            case Boolean b -> sb.append(b);
            case Double d -> number(sb, d);
            case Float f -> number(sb, f.doubleValue());
            case Number n -> sb.append(n.longValue());
            case Map<?, ?> m -> container(sb, '{', '}', m.entrySet().iterator(), indent, level, (e, lvl) -> {
                var entry = (Map.Entry<?, ?>) e;
                quote(sb, String.valueOf(entry.getKey()));
                sb.append(indent < 0 ? ":" : ": ");
                append(sb, entry.getValue(), indent, lvl);
            });
            case List<?> l -> container(sb, '[', ']', l.iterator(), indent, level, (e, lvl) -> append(sb, e, indent, lvl));
            default -> quote(sb, v.toString());
        }
    }

    private interface Element {
        void write(Object e, int level);
    }

    private static void container(StringBuilder sb, char open, char close, Iterator<?> it, int indent, int level, Element el) {
        sb.append(open);
        boolean first = true;
        while (it.hasNext()) {
            if (!first) sb.append(',');
            first = false;
            if (indent >= 0) sb.append('\n').append(" ".repeat(indent * (level + 1)));
            el.write(it.next(), level + 1);
        }
        if (!first && indent >= 0) sb.append('\n').append(" ".repeat(indent * level));
        sb.append(close);
    }

    private static void number(StringBuilder sb, double d) {
        if (!Double.isFinite(d)) sb.append("null"); // JSON has no NaN or infinity
        else if (d == Math.rint(d) && Math.abs(d) < 1e15) sb.append((long) d);
        else sb.append(trimmed(String.format(Locale.ROOT, "%.8g", d)));
    }

    /** {@code 1.2500000e-07 -> 1.25e-07}, {@code 141274.00 -> 141274}: no trailing zeros, never a bare dot. */
    private static String trimmed(String g) {
        int e = g.indexOf('e');
        String mantissa = e < 0 ? g : g.substring(0, e), exponent = e < 0 ? "" : g.substring(e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) mantissa = mantissa.substring(0, mantissa.length() - 1);
        }
        return mantissa + exponent;
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
