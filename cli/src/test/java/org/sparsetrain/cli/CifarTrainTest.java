package org.sparsetrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on a folder in CIFAR-10 binary format (written here), with the CIFAR augmentation on by default. */
class CifarTrainTest {
    @TempDir Path dir;

    static void writeCifar(Path file, int records, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] b = new byte[records * 3073];
        for (int r = 0; r < records; r++) {
            b[r * 3073] = (byte) rng.nextInt(10);
            for (int p = 1; p < 3073; p++) b[r * 3073 + p] = (byte) rng.nextInt(256);
        }
        Files.write(file, b);
    }

    @Test
    void trainsAResNetOnCifarFormatData() throws IOException {
        Path data = dir.resolve("cifar");
        Files.createDirectories(data);
        for (int i = 1; i <= 5; i++) writeCifar(data.resolve("data_batch_" + i + ".bin"), 8, i);
        writeCifar(data.resolve("test_batch.bin"), 10, 9);
        Path run = dir.resolve("run");
        MainTest.Result r = MainTest.run("train", "--model", "resnet20", "--data", data.toString(), "--epochs", "1",
                "--batch", "20", "--width", "0.25", "--threads", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("CIFAR-10 binary") && r.out().contains("train 40, test 10"), r.out());
        assertTrue(Files.readString(run.resolve("manifest.json")).contains("\"augment\": \"auto\""));
    }

    @Test
    void augmentationDefaultsToCifarSizedDataOnly() {
        TrainConfig auto = TrainCommand.parse(Flags.parse("train", java.util.List.of(), TrainCommand.VALUED,
                java.util.Set.of("help", "nesterov")), dir);
        assertNotNull(TrainCommand.augmentation(auto, new int[] {3, 32, 32}));
        assertNull(TrainCommand.augmentation(auto, new int[] {1, 28, 28}));
        TrainConfig off = TrainCommand.parse(Flags.parse("train", java.util.List.of("--augment", "off"), TrainCommand.VALUED,
                java.util.Set.of("help", "nesterov")), dir);
        assertNull(TrainCommand.augmentation(off, new int[] {3, 32, 32}));
        assertEquals(2, MainTest.run("train", "--augment", "maybe").code());
    }
}
