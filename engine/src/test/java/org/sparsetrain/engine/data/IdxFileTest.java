package org.sparsetrain.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir Path dir;

    /** Writes an unsigned-byte IDX file with the given dimensions and data. */
    static byte[] idx(int[] dims, byte[] data) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) out.writeInt(d);
            out.write(data);
        }
        return bytes.toByteArray();
    }

    static void write(Path p, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(content);
        }
    }

    @Test
    void readsPlainAndGzipIdentically() throws IOException {
        byte[] data = new byte[2 * 3 * 4];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 11);
        write(dir.resolve("a"), idx(new int[] {2, 3, 4}, data), false);
        write(dir.resolve("a.gz"), idx(new int[] {2, 3, 4}, data), true);
        IdxFile plain = IdxFile.read(dir.resolve("a"));
        IdxFile gz = IdxFile.read(dir.resolve("a.gz"));
        assertArrayEquals(new int[] {2, 3, 4}, plain.dims());
        assertArrayEquals(data, plain.data());
        assertArrayEquals(data, gz.data());
        assertEquals(2, plain.count());
        assertEquals(12, plain.itemSize());
    }

    @Test
    void rejectsBadMagicTruncationAndTrailingBytes() throws IOException {
        byte[] good = idx(new int[] {2, 2}, new byte[4]);
        byte[] badMagic = good.clone();
        badMagic[0] = 7;
        write(dir.resolve("magic"), badMagic, false);
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(dir.resolve("magic"))).getMessage()
                .contains("not an IDX file"));
        byte[] badType = good.clone();
        badType[2] = 0x0D;
        write(dir.resolve("type"), badType, false);
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(dir.resolve("type"))).getMessage()
                .contains("not supported"));
        write(dir.resolve("short"), Arrays.copyOf(good, good.length - 1), true);
        IOException e = assertThrows(IOException.class, () -> IdxFile.read(dir.resolve("short")));
        assertTrue(e.getMessage().contains("short") && e.getMessage().contains("truncated"), e.getMessage());
        write(dir.resolve("long"), Arrays.copyOf(good, good.length + 3), false);
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(dir.resolve("long"))).getMessage()
                .contains("trailing"));
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(dir.resolve("absent"))).getMessage()
                .contains("not found"));
    }

    @Test
    void mnistFolderChecksCountsAndScalesPixels() throws IOException {
        byte[] pixels = new byte[3 * 2 * 2];
        pixels[0] = (byte) 255;
        write(dir.resolve("train-images-idx3-ubyte.gz"), idx(new int[] {3, 2, 2}, pixels), true);
        write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {3}, new byte[] {1, 9, 0}), false);
        Dataset d = MnistFormat.load(dir, MnistFormat.Split.TRAIN);
        assertEquals(3, d.count());
        assertArrayEquals(new int[] {1, 2, 2}, d.itemShape());
        assertEquals(1f, d.features()[0]);
        assertArrayEquals(new int[] {1, 9, 0}, d.labels());
        assertEquals(10, d.classes());

        write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {2}, new byte[] {1, 9}), false);
        assertTrue(assertThrows(IOException.class, () -> MnistFormat.load(dir, MnistFormat.Split.TRAIN)).getMessage()
                .contains("3 images"));
        assertTrue(assertThrows(IOException.class, () -> MnistFormat.load(dir, MnistFormat.Split.TEST)).getMessage()
                .contains("missing t10k-images-idx3-ubyte"));
    }
}
