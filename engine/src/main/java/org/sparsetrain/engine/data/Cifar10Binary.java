package org.sparsetrain.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the CIFAR-10 binary format ({@code data_batch_1.bin} ... {@code data_batch_5.bin},
 * {@code test_batch.bin}): records of one label byte followed by 3072 pixel bytes (1024 red, 1024 green,
 * 1024 blue, each 32x32 row-major). Items have shape {@code [3, 32, 32]}, values in [0, 1].
 */
public final class Cifar10Binary {
    /** Bytes in one record. */
    public static final int RECORD = 1 + 3 * 32 * 32;

    private Cifar10Binary() {}

    /** The five training batches of a {@code cifar-10-batches-bin} folder. */
    public static Dataset loadTrain(Path dir) throws IOException {
        return load(dir + " (train)", List.of(dir.resolve("data_batch_1.bin"), dir.resolve("data_batch_2.bin"),
                dir.resolve("data_batch_3.bin"), dir.resolve("data_batch_4.bin"), dir.resolve("data_batch_5.bin")));
    }

    public static Dataset loadTest(Path dir) throws IOException {
        return load(dir + " (test)", List.of(dir.resolve("test_batch.bin")));
    }

    /** Concatenates the records of {@code files}, validating each. */
    public static Dataset load(String name, List<Path> files) throws IOException {
        long total = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) throw new IOException("CIFAR-10 file not found: " + f);
            long size = Files.size(f);
            if (size == 0 || size % RECORD != 0) {
                throw new IOException(f + ": " + size + " bytes is not a whole number of " + RECORD
                        + "-byte CIFAR-10 records (truncated or not CIFAR-10 binary)");
            }
            total += size / RECORD;
        }
        int n = Math.toIntExact(total);
        float[] features = new float[n * (RECORD - 1)];
        int[] labels = new int[n];
        int item = 0;
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (int r = 0; r < bytes.length / RECORD; r++, item++) {
                int base = r * RECORD;
                int label = bytes[base] & 0xff;
                if (label > 9) throw new IOException(f + ": record " + r + " has label " + label + ", expected 0..9");
                labels[item] = label;
                int out = item * (RECORD - 1);
                for (int p = 1; p < RECORD; p++) features[out + p - 1] = (bytes[base + p] & 0xff) / 255f;
            }
        }
        return new Dataset(name, features, labels, new int[] {3, 32, 32}, 10);
    }
}
