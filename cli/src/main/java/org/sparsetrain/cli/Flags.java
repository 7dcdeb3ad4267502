package org.sparsetrain.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flags of one command: {@code --name value}, {@code --name=value}, or a bare {@code --switch}.
 * Only declared names are accepted, each at most once; positional arguments are rejected.
 */
final class Flags {
    private final String command;
    private final Map<String, String> values;

    private Flags(String command, Map<String, String> values) {
        this.command = command;
        this.values = values;
    }

    /**
     * @param withValue names (without {@code --}) that take a value
     * @param switches  names that take none
     */
    static Flags parse(String command, List<String> args, Set<String> withValue, Set<String> switches) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException(command + ": unexpected argument '" + arg + "'; try " + command + " --help");
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            String value;
            if (switches.contains(name)) {
                if (eq >= 0) throw new UsageException(command + ": --" + name + " takes no value");
                value = "";
            } else if (withValue.contains(name)) {
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(command + ": --" + name + " needs a value");
                }
            } else {
                Set<String> known = new TreeSet<>(withValue);
                known.addAll(switches);
                throw new UsageException(command + ": unknown flag --" + name + " (known: --"
                        + String.join(", --", known) + ")");
            }
            if (values.put(name, value) != null) throw new UsageException(command + ": --" + name + " given twice");
        }
        return new Flags(command, values);
    }

    boolean has(String name) { return values.containsKey(name); }

    /** The integer value of {@code --name}, {@code fallback} when absent; must be {@code >= min}. */
    int intValue(String name, int fallback, int min) {
        long v = longValue(name, fallback, min);
        if (v > Integer.MAX_VALUE) throw badValue(name, "an integer >= " + min + " and <= " + Integer.MAX_VALUE);
        return (int) v;
    }

    /** The long value of {@code --name}, {@code fallback} when absent; must be {@code >= min}. */
    long longValue(String name, long fallback, long min) {
        String s = values.get(name);
        if (s == null) return fallback;
        long v;
        try {
            v = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw badValue(name, "an integer >= " + min);
        }
        if (v < min) throw badValue(name, "an integer >= " + min);
        return v;
    }

    /** The number given to {@code --name}, {@code fallback} when absent; must lie in [min, max]. */
    double doubleValue(String name, double fallback, double min, double max) {
        String s = values.get(name);
        if (s == null) return fallback;
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw badValue(name, "a number in [" + min + ", " + max + "]");
        }
        if (!(v >= min && v <= max)) throw badValue(name, "a number in [" + min + ", " + max + "]");
        return v;
    }

    /** The text given to {@code --name}, {@code fallback} when absent; never empty. */
    String stringValue(String name, String fallback) {
        String s = values.get(name);
        if (s == null) return fallback;
        if (s.isBlank()) throw badValue(name, "non-empty");
        return s;
    }

    /** The flags given, in order, as {@code --name value} tokens (to record and re-parse a configuration). */
    java.util.List<String> given() {
        java.util.List<String> out = new java.util.ArrayList<>();
        values.forEach((k, v) -> {
            out.add("--" + k);
            if (!v.isEmpty()) out.add(v);
        });
        return out;
    }

    private UsageException badValue(String name, String what) {
        return new UsageException(command + ": --" + name + " must be " + what + ", got '" + values.get(name) + "'");
    }
}
