package org.sparsetrain.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10BinaryTest {
    @TempDir Path dir;

    /** Record r: label r % 10, red plane all r, green 100, blue pixel index mod 256. */
    static byte[] records(int n) {
        byte[] b = new byte[n * Cifar10Binary.RECORD];
        for (int r = 0; r < n; r++) {
            int base = r * Cifar10Binary.RECORD;
            b[base] = (byte) (r % 10);
            for (int p = 0; p < 1024; p++) {
                b[base + 1 + p] = (byte) r;
                b[base + 1 + 1024 + p] = 100;
                b[base + 1 + 2048 + p] = (byte) p;
            }
        }
        return b;
    }

    @Test
    void readsRecordsAcrossFilesInOrder() throws IOException {
        Files.write(dir.resolve("a.bin"), records(3));
        Files.write(dir.resolve("b.bin"), records(12));
        Dataset d = Cifar10Binary.load("cifar", List.of(dir.resolve("a.bin"), dir.resolve("b.bin")));
        assertEquals(15, d.count());
        assertArrayEquals(new int[] {3, 32, 32}, d.itemShape());
        assertEquals(2, d.labels()[2]);
        assertEquals(1, d.labels()[14]);
        int item = d.itemSize();
        assertEquals(2 / 255f, d.features()[2 * item], 0f);
        assertEquals(100 / 255f, d.features()[5 * item + 1024 + 7], 0f);
        assertEquals(33 / 255f, d.features()[item + 2048 + 33], 0f);
    }

    @Test
    void rejectsTruncatedFilesAndBadLabels() throws IOException {
        byte[] r = records(2);
        Files.write(dir.resolve("short.bin"), java.util.Arrays.copyOf(r, r.length - 5));
        IOException e = assertThrows(IOException.class, () -> Cifar10Binary.load("x", List.of(dir.resolve("short.bin"))));
        assertTrue(e.getMessage().contains("short.bin") && e.getMessage().contains("3073"), e.getMessage());
        r[0] = 12;
        Files.write(dir.resolve("label.bin"), r);
        assertTrue(assertThrows(IOException.class, () -> Cifar10Binary.load("x", List.of(dir.resolve("label.bin"))))
                .getMessage().contains("label 12"));
    }
}
