package org.sparsetrain.engine.io;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.sparsetrain.engine.tensor.Tensor;

/**
 * The contents of one safetensors file: its entries by name (in the order of their data in the file) and its
 * free-form {@code __metadata__}. The typed getters fail with the file's name, the entry's name and what was
 * found instead, so a test or a checkpoint loader needs no checks of its own.
 */
public record SafeTensorsFile(String source, Map<String, Entry> entries, Map<String, String> metadata) {
    public SafeTensorsFile {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    public boolean contains(String name) { return entries.containsKey(name); }

    /** The entry called {@code name}. */
    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("safetensors file " + source + ": no tensor named '" + name
                    + "' (it has " + entries.keySet() + ")");
        }
        return e;
    }

    /** An F32 or F64 entry as an engine tensor. */
    public Tensor tensor(String name) {
        if (entry(name) instanceof Entry.Floating f) return f.tensor();
        throw wrongType(name, "a floating point tensor (F32/F64)");
    }

    /** An I32 entry, or an I64 entry whose values all fit in an int (PyTorch stores labels as int64). */
    public int[] ints(String name) {
        return switch (entry(name)) {
            case Entry.Int32 e -> e.values();
            case Entry.Int64 e -> {
                long[] v = e.values();
                int[] out = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    if (v[i] != (int) v[i]) {
                        throw new IllegalArgumentException("safetensors file " + source + ": I64 tensor '" + name
                                + "' value " + v[i] + " at index " + i + " does not fit in an int");
                    }
                    out[i] = (int) v[i];
                }
                yield out;
            }
            default -> throw wrongType(name, "an integer tensor (I32/I64)");
        };
    }

    /** An I64 or I32 entry as longs. */
    public long[] longs(String name) {
        return switch (entry(name)) {
            case Entry.Int64 e -> e.values();
            case Entry.Int32 e -> {
                int[] v = e.values();
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) out[i] = v[i];
                yield out;
            }
            default -> throw wrongType(name, "an integer tensor (I32/I64)");
        };
    }

    /** A metadata value; fails naming the keys present when it is missing. */
    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new IllegalArgumentException("safetensors file " + source + ": no metadata key '" + key
                    + "' (it has " + metadata.keySet() + ")");
        }
        return v;
    }

    private IllegalArgumentException wrongType(String name, String wanted) {
        Entry e = entries.get(name);
        return new IllegalArgumentException("safetensors file " + source + ": tensor '" + name + "' is "
                + e.type() + " " + Arrays.toString(e.shape()) + ", not " + wanted);
    }
}
