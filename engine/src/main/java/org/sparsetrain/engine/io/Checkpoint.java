package org.sparsetrain.engine.io;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.sparsetrain.engine.tensor.Tensor;

/**
 * A training checkpoint in one safetensors file: the model's state dict under {@code model.}, the optimizer's
 * under {@code optim.}, other components' (e.g. a sparse-training scheduler) under their own prefix, and
 * string metadata (epoch, step, configuration, ...). Any safetensors reader can load the model tensors.
 *
 * <p>Integrity: the metadata carries {@code checksum}, the SHA-256 of the canonical encoding of all tensors
 * (names, dtypes, shapes, values), verified on {@link #read}. Writes go to a temporary file that is forced
 * to disk and renamed over the target, so a kill at any moment leaves the previous checkpoint intact.
 *
 * @param sections prefix (without the dot) to the tensors of that component, e.g. {@code "model"}
 */
public record Checkpoint(Map<String, Map<String, Tensor>> sections, Map<String, String> metadata) {
    /** Metadata key holding the SHA-256 of the tensors. */
    public static final String CHECKSUM_KEY = "checksum";
    /** Metadata key holding the layout version of this class. */
    public static final String FORMAT_KEY = "format";
    static final String FORMAT = "sparsetrain-checkpoint-1";

    public Checkpoint {
        for (String prefix : sections.keySet()) {
            if (prefix.isEmpty() || prefix.contains(".")) {
                throw new IllegalArgumentException("checkpoint: section name '" + prefix + "' must be non-empty without dots");
            }
        }
        if (metadata.containsKey(CHECKSUM_KEY) || metadata.containsKey(FORMAT_KEY)) {
            metadata = new TreeMap<>(metadata);
            metadata.remove(CHECKSUM_KEY);
            metadata.remove(FORMAT_KEY);
        }
    }

    /** The tensors of one section, e.g. {@code section("model")}, or an error naming what the file holds. */
    public Map<String, Tensor> section(String prefix) {
        Map<String, Tensor> s = sections.get(prefix);
        if (s == null) throw new IllegalArgumentException("checkpoint has no section '" + prefix + "'; it has " + sections.keySet());
        return s;
    }

    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) throw new IllegalArgumentException("checkpoint metadata has no '" + key + "'; it has " + metadata.keySet());
        return v;
    }

    /** Writes atomically to {@code file}. */
    public void write(Path file) throws IOException {
        Map<String, Entry> entries = entries();
        Map<String, String> meta = new TreeMap<>(metadata);
        meta.put(FORMAT_KEY, FORMAT);
        meta.put(CHECKSUM_KEY, checksum(entries));
        SafeTensors.write(file, entries, meta);
    }

    /** Reads and verifies {@code file}: a truncated, corrupt or foreign file is an {@link IOException} naming it. */
    public static Checkpoint read(Path file) throws IOException {
        SafeTensorsFile f;
        try {
            f = SafeTensors.read(file);
        } catch (SafeTensorsFormatException e) {
            throw new IOException("checkpoint " + file + " is damaged or not a checkpoint: " + e.getMessage(), e);
        }
        String format = f.metadata().get(FORMAT_KEY), expected = f.metadata().get(CHECKSUM_KEY);
        if (!FORMAT.equals(format) || expected == null) {
            throw new IOException("checkpoint " + file + " is not a sparsetrain checkpoint (format '" + format + "')");
        }
        String actual = checksum(f.entries());
        if (!actual.equals(expected)) {
            throw new IOException("checkpoint " + file + " is corrupt: checksum " + actual + " does not match the recorded "
                    + expected);
        }
        Map<String, Map<String, Tensor>> sections = new LinkedHashMap<>();
        for (var e : f.entries().entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot <= 0 || !(e.getValue() instanceof Entry.Floating fl)) {
                throw new IOException("checkpoint " + file + ": unexpected entry '" + e.getKey() + "'");
            }
            sections.computeIfAbsent(e.getKey().substring(0, dot), k -> new LinkedHashMap<>())
                    .put(e.getKey().substring(dot + 1), fl.tensor());
        }
        Map<String, String> meta = new TreeMap<>(f.metadata());
        return new Checkpoint(sections, meta);
    }

    private Map<String, Entry> entries() {
        Map<String, Entry> out = new TreeMap<>();
        for (var s : sections.entrySet()) {
            for (var t : s.getValue().entrySet()) out.put(s.getKey() + "." + t.getKey(), new Entry.Floating(t.getValue()));
        }
        return out;
    }

    /** SHA-256 (hex) of the canonical safetensors encoding of {@code entries} without metadata. */
    static String checksum(Map<String, Entry> entries) {
        try {
            byte[] canonical = SafeTensors.toBytes(entries, Map.of());
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
