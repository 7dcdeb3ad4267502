package org.sparsetrain.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

class SafeTensorsTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SafeTensorsTest.class.getClassLoader().getResourceAsStream("golden/" + name)) {
            if (in == null) throw new IllegalStateException("test resource golden/" + name + " is not on the class path");
            return in.readAllBytes();
        }
    }

    private static Map<String, Entry> sampleEntries() {
        float[] backing = {9f, 1.5f, -2f, 3.25f, Float.MIN_VALUE, Float.NaN, -0f, 9f};
        Map<String, Entry> m = new LinkedHashMap<>();
        m.put("z.view", Entry.of(Tensor.view(backing, 1, 2, 3))); // a view: only elements 1..6 must be written
        m.put("a.scalar", Entry.of(Tensor.scalar(DType.F64, Math.E)));
        m.put("labels", Entry.of(new int[] {3, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}, 2, 2));
        m.put("steps", Entry.of(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, 3));
        m.put("empty", Entry.of(new long[0], 0, 4));
        return m;
    }

    @Test
    void roundTripThroughAFileKeepsEveryValueBitForBit(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sample.safetensors");
        Map<String, String> meta = Map.of("note", "quote \" backslash \\ newline \n tab \t bell \u0007 café ✓");
        SafeTensors.write(file, sampleEntries(), meta);
        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(meta, read.metadata());
        assertEquals(List.of("a.scalar", "empty", "labels", "steps", "z.view"), List.copyOf(read.entries().keySet()));
        Tensor view = read.tensor("z.view");
        assertEquals(DType.F32, view.dtype());
        assertArrayEquals(new int[] {2, 3}, view.shape().dims());
        float[] expected = {1.5f, -2f, 3.25f, Float.MIN_VALUE, Float.NaN, -0f};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(view.floats()[view.offset() + i]));
        }
        Tensor scalar = read.tensor("a.scalar");
        assertEquals(DType.F64, scalar.dtype());
        assertEquals(0, scalar.rank());
        assertEquals(Math.E, scalar.item());
        assertArrayEquals(new int[] {3, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}, read.ints("labels"));
        assertArrayEquals(new int[] {2, 2}, read.entry("labels").shape());
        assertArrayEquals(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, read.longs("steps"));
        assertArrayEquals(new int[] {0, 4}, read.entry("empty").shape());
        assertEquals(0, read.longs("empty").length);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "the temporary file must be gone after the rename");
        }
    }

    @Test
    void bytesAreDeterministicAlignedAndIndependentOfInsertionOrder() throws IOException {
        Map<String, Entry> forward = sampleEntries();
        Map<String, Entry> backward = new LinkedHashMap<>();
        List<String> names = List.copyOf(forward.keySet());
        for (int i = names.size() - 1; i >= 0; i--) backward.put(names.get(i), forward.get(names.get(i)));
        byte[] a = SafeTensors.toBytes(forward, Map.of("k", "v"));
        byte[] b = SafeTensors.toBytes(backward, Map.of("k", "v"));
        assertArrayEquals(a, b);
        long headerLength = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, headerLength % 8, "the data section starts 8-byte aligned");
        String header = new String(a, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"k\":\"v\"},\"a.scalar\":{\"dtype\":\"F64\",\"shape\":[],"
                + "\"data_offsets\":[0,8]}"), header);
    }

    @Test
    void readsEveryDtypeFromTheFileWrittenByThePythonScript() throws IOException {
        SafeTensorsFile f = SafeTensors.read(resource("dtypes.safetensors"), "golden/dtypes.safetensors");
        Tensor m = f.tensor("f32_matrix");
        assertEquals(DType.F32, m.dtype());
        assertArrayEquals(new int[] {2, 3}, m.shape().dims());
        for (int i = 0; i < 6; i++) assertEquals(i * 0.5f - 1f, (float) m.getFlat(i));
        assertEquals(Math.PI, f.tensor("f64_scalar").item());
        assertEquals(0, f.tensor("f64_scalar").rank());
        assertArrayEquals(new int[] {1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE}, f.ints("i32_vector"));
        assertArrayEquals(new long[] {1, -1, 1L << 40, -(1L << 62)}, f.longs("i64_matrix"));
        assertArrayEquals(new int[] {2, 2}, f.entry("i64_matrix").shape());
        // Python's json escapes non-ASCII as \\uXXXX (a surrogate-free BMP character here) and quotes as \".
        assertEquals("café ✓", f.meta("unicode"));
        assertEquals("say \"hi\"\\", f.meta("quote"));
        assertEquals("reader test", f.meta("purpose"));
    }

    @Test
    void rewritingAPythonFileGivesTheSameBytes() throws IOException {
        // Same conventions on both sides (sorted keys, compact JSON, space padding), so the bytes must agree.
        byte[] original = resource("linear.safetensors");
        SafeTensorsFile f = SafeTensors.read(original, "golden/linear.safetensors");
        assertArrayEquals(original, SafeTensors.toBytes(f.entries(), f.metadata()));
    }

    @Test
    void typedGettersNameTheFileAndTheEntry() throws IOException {
        SafeTensorsFile f = SafeTensors.read(resource("dtypes.safetensors"), "golden/dtypes.safetensors");
        var missing = assertThrows(IllegalArgumentException.class, () -> f.tensor("nope"));
        assertTrue(missing.getMessage().contains("golden/dtypes.safetensors") && missing.getMessage().contains("nope"),
                missing.getMessage());
        var wrong = assertThrows(IllegalArgumentException.class, () -> f.tensor("i32_vector"));
        assertTrue(wrong.getMessage().contains("I32"), wrong.getMessage());
        var overflow = assertThrows(IllegalArgumentException.class, () -> f.ints("i64_matrix"));
        assertTrue(overflow.getMessage().contains("does not fit in an int"), overflow.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.ints("f32_matrix"));
        assertThrows(IllegalArgumentException.class, () -> f.meta("absent"));
    }

    @Test
    void writerRejectsReservedOrEmptyNames() {
        Entry e = Entry.of(Tensor.zeros(2));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(Map.of("__metadata__", e), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(Map.of("", e), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Entry.of(new int[3], 2, 2));
    }

    // ---------------------------------------------------------------- corrupt and truncated input

    /** A file with this header text (not padded) and {@code dataBytes} zero bytes of data. */
    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).array();
    }

    private static void assertRejected(byte[] bytes, String expectedFragment) {
        var e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(bytes, "corrupt.safetensors"));
        assertTrue(e.getMessage().startsWith("safetensors file corrupt.safetensors: "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedFragment), "expected '" + expectedFragment + "' in: " + e.getMessage());
        assertEquals("corrupt.safetensors", e.source());
    }

    @Test
    void rejectsAFileShorterThanTheLengthPrefix() {
        assertRejected(new byte[5], "shorter than the 8-byte header length");
    }

    @Test
    void rejectsAHeaderLengthBeyondTheFile() {
        byte[] bytes = file("{}", 0);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        assertRejected(bytes, "header length 1000 goes beyond the file of 10 bytes");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1); // 2^64-1 unsigned
        assertRejected(bytes, "header length 18446744073709551615 goes beyond");
    }

    @Test
    void rejectsEveryTruncationOfARealFile() throws IOException {
        byte[] whole = resource("linear.safetensors");
        for (int cut : new int[] {whole.length - 1, whole.length - 8, whole.length / 2, 200, 9}) {
            byte[] truncated = Arrays.copyOf(whole, cut);
            assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(truncated, "cut.safetensors"),
                    "truncated to " + cut + " bytes");
        }
        assertRejected(Arrays.copyOf(whole, whole.length - 8), "go beyond the data section");
    }

    @Test
    void rejectsOffsetsOutOfRange() {
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4),
                "tensor 'a': data_offsets [0, 8] go beyond the data section of 4 bytes");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4),
                "not an increasing pair");
    }

    @Test
    void rejectsOverlappingOffsets() {
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "overlap");
    }

    @Test
    void rejectsBytesThatBelongToNoTensor() {
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
                "bytes [0, 4) of the data section belong to no tensor");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8),
                "bytes [4, 8) at the end");
    }

    @Test
    void rejectsUnknownDtypes() {
        assertRejected(file("{\"a\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
                "unknown or unsupported dtype 'BF16'");
    }

    @Test
    void rejectsAShapeThatDoesNotMatchTheByteCount() {
        assertRejected(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,24]}}", 24),
                "shape [2, 2] of F64 needs 32 bytes but data_offsets [0, 24] hold 24");
        assertRejected(file("{\"a\":{\"dtype\":\"I64\",\"shape\":[2147483647,2147483647,2147483647],"
                + "\"data_offsets\":[0,8]}}", 8), "hold 8");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4),
                "dimension outside");
    }

    @Test
    void rejectsMalformedHeaders() {
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", 4), "bad JSON header");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4), "integer");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "duplicate key \"a\"");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 0), "\"data_offsets\" must be an array of 2");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":[]}}", 4),
                "unexpected header field \"x\"");
        assertRejected(file("{\"__metadata__\":{\"k\":1}}", 0), "is not a string");
        assertRejected(file("[]", 0), "not an object");
        assertRejected(file("{\"a\":true}", 0), "unsupported JSON value");
        assertRejected(file("{} trailing", 0), "unexpected text after");
        byte[] badUtf8 = file("{\"\u00e9\":{}}", 0);
        badUtf8[10] = (byte) 0xFF;
        assertRejected(badUtf8, "not valid UTF-8");
    }

    @Test
    void rejectsFloatingTensorsWithNoElements() {
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]}}", 0),
                "with no elements");
    }

    @Test
    void acceptsWhitespaceAndEscapesInTheHeader() throws IOException {
        SafeTensorsFile f = SafeTensors.read(file(" { \"__metadata__\" : { \"k\\u00e9\\n\" : \"\\ud83d\\ude00\" } ,\n"
                + "\"t\" : { \"shape\" : [ ] , \"dtype\" : \"I32\" , \"data_offsets\" : [ 0 , 4 ] } }   ", 4), "ws");
        assertEquals("\uD83D\uDE00", f.meta("ké\n"));
        assertArrayEquals(new int[] {0}, f.ints("t"));
    }
}
