package org.sparsetrain.engine.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.sparsetrain.engine.tensor.Tensor;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format:
 * an 8-byte little-endian header length {@code n}, {@code n} bytes of UTF-8 JSON
 * {@code {"__metadata__": {string: string}, name: {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}}},
 * then the raw little-endian, row-major data, with offsets relative to the end of the header.
 *
 * <p>Reading validates as strictly as the reference Rust implementation: the header must lie inside the file,
 * every entry's byte range must match its shape and dtype, and the ranges must tile the data section exactly
 * (no overlap, no gap, nothing missing at the end). Every error names the file.
 *
 * <p>Writing is deterministic: {@code __metadata__} first, then the entries sorted by name, their data in the
 * same order, and the header padded with spaces to a multiple of 8 bytes (as the Rust writer does), so the same
 * tensors always give the same bytes. {@link #write} goes through a temporary file and a rename, so a crash
 * never leaves a torn file behind.
 *
 * <p>Supported dtypes: F32, F64 (as {@link Tensor}), I32, I64 (as Java arrays); see {@link Entry}.
 */
public final class SafeTensors {
    private static final String METADATA_KEY = "__metadata__";
    /** The Rust reader's limit; a larger "length" is a corrupt file, not a header worth allocating for. */
    private static final long MAX_HEADER_BYTES = 100_000_000L;

    private SafeTensors() {}

    // ---------------------------------------------------------------- reading

    public static SafeTensorsFile read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw new SafeTensorsFormatException(file.toString(), "file of " + size + " bytes is larger than 2 GiB,"
                    + " which this reader does not support");
        }
        return read(Files.readAllBytes(file), file.toString());
    }

    /** Reads a whole stream (a class-path resource, say); {@code source} names it in errors. */
    public static SafeTensorsFile read(InputStream in, String source) throws IOException {
        return read(in.readAllBytes(), source);
    }

    /** Parses the bytes of a whole safetensors file; {@code source} names it in errors. */
    public static SafeTensorsFile read(byte[] bytes, String source) throws SafeTensorsFormatException {
        if (bytes.length < 8) {
            throw new SafeTensorsFormatException(source, "truncated: " + bytes.length
                    + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong(0);
        if (headerLength < 0 || headerLength > bytes.length - 8L) {
            throw new SafeTensorsFormatException(source, "header length " + Long.toUnsignedString(headerLength)
                    + " goes beyond the file of " + bytes.length + " bytes (truncated or not a safetensors file)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new SafeTensorsFormatException(source, "header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        String headerText = decodeUtf8(bytes, 8, (int) headerLength, source);
        int dataStart = 8 + (int) headerLength;
        int dataLength = bytes.length - dataStart;

        if (!(HeaderJson.parse(headerText, source) instanceof Map<?, ?> header)) {
            throw new SafeTensorsFormatException(source, "the JSON header is not an object");
        }
        Map<String, String> metadata = Map.of();
        List<Placed> placed = new ArrayList<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) metadata = metadata(e.getValue(), source);
            else placed.add(describe(name, e.getValue(), dataLength, source));
        }
        placed.sort(Comparator.comparingLong(Placed::begin));
        checkTiling(placed, dataLength, source);

        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Placed p : placed) {
            ByteBuffer data = buf.slice(dataStart + (int) p.begin(), (int) (p.end() - p.begin()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            entries.put(p.name(), decode(p, data, source));
        }
        return new SafeTensorsFile(source, entries, metadata);
    }

    /** A header entry, validated against the data section but not decoded yet. */
    private record Placed(String name, ElementType type, int[] shape, long begin, long end) {}

    private static Placed describe(String name, Object value, int dataLength, String source)
            throws SafeTensorsFormatException {
        String where = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> info)) {
            throw new SafeTensorsFormatException(source, where + ": header entry is not an object");
        }
        for (Object key : info.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new SafeTensorsFormatException(source, where + ": unexpected header field \"" + key + "\"");
            }
        }
        if (!(info.get("dtype") instanceof String dtypeName)) {
            throw new SafeTensorsFormatException(source, where + ": missing or non-string \"dtype\"");
        }
        ElementType type = ElementType.fromHeaderName(dtypeName).orElseThrow(() -> new SafeTensorsFormatException(
                source, where + ": unknown or unsupported dtype '" + dtypeName + "' (supported: "
                        + Arrays.toString(ElementType.values()) + ")"));
        long[] shapeLongs = integers(info.get("shape"), -1, where + ": \"shape\"", source);
        int[] shape = new int[shapeLongs.length];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shapeLongs[i] < 0 || shapeLongs[i] > Integer.MAX_VALUE) {
                throw new SafeTensorsFormatException(source, where + ": shape " + Arrays.toString(shapeLongs)
                        + " has a dimension outside [0, 2^31)");
            }
            shape[i] = (int) shapeLongs[i];
            count = saturatingMultiply(count, shape[i]);
        }
        long[] offsets = integers(info.get("data_offsets"), 2, where + ": \"data_offsets\"", source);
        long begin = offsets[0], end = offsets[1];
        if (begin < 0 || end < begin) {
            throw new SafeTensorsFormatException(source, where + ": data_offsets [" + begin + ", " + end
                    + "] are not an increasing pair of non-negative byte offsets");
        }
        if (end > dataLength) {
            throw new SafeTensorsFormatException(source, where + ": data_offsets [" + begin + ", " + end
                    + "] go beyond the data section of " + dataLength + " bytes (truncated file?)");
        }
        long expected = saturatingMultiply(count, type.bytes());
        if (end - begin != expected) {
            throw new SafeTensorsFormatException(source, where + ": shape " + Arrays.toString(shape) + " of " + type
                    + " needs " + expected + " bytes but data_offsets [" + begin + ", " + end + "] hold "
                    + (end - begin));
        }
        return new Placed(name, type, shape, begin, end);
    }

    /** {@code a * b} for non-negative operands, or {@code Long.MAX_VALUE} (never a valid size) on overflow. */
    private static long saturatingMultiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The entries, sorted by offset, must cover {@code [0, dataLength)} exactly once. */
    private static void checkTiling(List<Placed> placed, int dataLength, String source)
            throws SafeTensorsFormatException {
        long covered = 0;
        Placed previous = null;
        for (Placed p : placed) {
            if (p.begin() < covered) {
                throw new SafeTensorsFormatException(source, "tensors '" + previous.name() + "' [" + previous.begin()
                        + ", " + previous.end() + ") and '" + p.name() + "' [" + p.begin() + ", " + p.end()
                        + ") overlap");
            }
            if (p.begin() > covered) {
                throw new SafeTensorsFormatException(source, "bytes [" + covered + ", " + p.begin()
                        + ") of the data section belong to no tensor");
            }
            covered = p.end();
            previous = p;
        }
        if (covered != dataLength) {
            throw new SafeTensorsFormatException(source, "bytes [" + covered + ", " + dataLength
                    + ") at the end of the data section belong to no tensor");
        }
    }

    private static Entry decode(Placed p, ByteBuffer data, String source) throws SafeTensorsFormatException {
        int n = (int) ((p.end() - p.begin()) / p.type().bytes());
        return switch (p.type()) {
            case F32, F64 -> {
                if (n == 0) {
                    throw new SafeTensorsFormatException(source, "tensor '" + p.name() + "' has shape "
                            + Arrays.toString(p.shape()) + " with no elements, which an engine Tensor cannot hold");
                }
                if (p.type() == ElementType.F32) {
                    float[] v = new float[n];
                    data.asFloatBuffer().get(v);
                    yield new Entry.Floating(Tensor.of(v, p.shape()));
                }
                double[] v = new double[n];
                data.asDoubleBuffer().get(v);
                yield new Entry.Floating(Tensor.of(v, p.shape()));
            }
            case I32 -> {
                int[] v = new int[n];
                data.asIntBuffer().get(v);
                yield new Entry.Int32(p.shape(), v);
            }
            case I64 -> {
                long[] v = new long[n];
                data.asLongBuffer().get(v);
                yield new Entry.Int64(p.shape(), v);
            }
        };
    }

    private static Map<String, String> metadata(Object value, String source) throws SafeTensorsFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new SafeTensorsFormatException(source, "\"__metadata__\" is not an object");
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new SafeTensorsFormatException(source, "\"__metadata__\" value of \"" + e.getKey()
                        + "\" is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    /** A JSON array of integers, of the given length (or any length when {@code length < 0}). */
    private static long[] integers(Object value, int length, String what, String source)
            throws SafeTensorsFormatException {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new SafeTensorsFormatException(source, what + " must be an array of "
                    + (length >= 0 ? length + " " : "") + "integers, got " + value);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l)) {
                throw new SafeTensorsFormatException(source, what + " must be an array of integers, got " + value);
            }
            out[i] = l;
        }
        return out;
    }

    private static String decodeUtf8(byte[] bytes, int offset, int length, String source)
            throws SafeTensorsFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsFormatException(source, "the header is not valid UTF-8 (" + e + ")");
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code entries} and {@code metadata} to {@code file}, through a temporary file in the same folder
     * that is then renamed over it.
     */
    public static void write(Path file, Map<String, Entry> entries, Map<String, String> metadata) throws IOException {
        byte[] bytes = toBytes(entries, metadata);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            // Force the bytes to disk before the rename, so that even a crash right after it finds a whole file.
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                var buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The bytes of a safetensors file holding {@code entries} and {@code metadata} (deterministic). */
    public static byte[] toBytes(Map<String, Entry> entries, Map<String, String> metadata) {
        Map<String, Entry> sorted = new TreeMap<>(entries);
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append(HeaderJson.quote(METADATA_KEY)).append(":{");
            String sep = "";
            for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
                if (m.getValue() == null) throw new IllegalArgumentException("safetensors: metadata '" + m.getKey() + "' is null");
                json.append(sep).append(HeaderJson.quote(m.getKey())).append(':').append(HeaderJson.quote(m.getValue()));
                sep = ",";
            }
            json.append('}');
        }
        long offset = 0;
        String sep = metadata.isEmpty() ? "" : ",";
        for (Map.Entry<String, Entry> e : sorted.entrySet()) {
            String name = e.getKey();
            Entry entry = e.getValue();
            if (name.isEmpty() || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors: '" + name + "' cannot name a tensor");
            }
            if (entry == null) throw new IllegalArgumentException("safetensors: entry '" + name + "' is null");
            long length = entry.elementCount() * entry.type().bytes();
            json.append(sep).append(HeaderJson.quote(name)).append(":{\"dtype\":\"").append(entry.type().name())
                    .append("\",\"shape\":").append(Arrays.toString(entry.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + length).append("]}");
            offset += length;
            sep = ",";
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8; // the Rust writer aligns the data section to 8 bytes
        if (8L + padded + offset > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("safetensors: " + (8L + padded + offset)
                    + " bytes is more than this writer supports (2 GiB)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) (8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(header);
        while (out.position() < 8 + padded) out.put((byte) ' ');
        for (Entry entry : sorted.values()) putData(out, entry);
        return out.array();
    }

    private static void putData(ByteBuffer out, Entry entry) {
        switch (entry) {
            case Entry.Floating f -> {
                Tensor t = f.tensor();
                if (entry.type() == ElementType.F32) {
                    out.asFloatBuffer().put(t.floats(), t.offset(), t.size());
                } else {
                    out.asDoubleBuffer().put(t.doubles(), t.offset(), t.size());
                }
                out.position(out.position() + t.size() * entry.type().bytes());
            }
            case Entry.Int32 e -> {
                int[] v = e.values();
                out.asIntBuffer().put(v);
                out.position(out.position() + v.length * 4);
            }
            case Entry.Int64 e -> {
                long[] v = e.values();
                out.asLongBuffer().put(v);
                out.position(out.position() + v.length * 8);
            }
        }
    }
}
