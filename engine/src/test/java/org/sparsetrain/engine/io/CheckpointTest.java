package org.sparsetrain.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

class CheckpointTest {
    @TempDir Path dir;

    static Checkpoint sample() {
        Rng rng = new Rng(3);
        return new Checkpoint(Map.of(
                "model", Map.of("fc1.weight", Tensor.randn(DType.F32, rng, 3, 4), "fc1.bias", Tensor.randn(DType.F32, rng, 3)),
                "optim", Map.of("step", Tensor.scalar(DType.F64, 7))),
                Map.of("epoch", "2"));
    }

    @Test
    void roundTripKeepsEveryBitAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Checkpoint c = sample();
        c.write(file);
        c.write(file); // overwriting an existing checkpoint goes through the same rename
        Checkpoint back = Checkpoint.read(file);
        assertEquals("2", back.meta("epoch"));
        assertArrayEquals(c.section("model").get("fc1.weight").toFloatArray(), back.section("model").get("fc1.weight").toFloatArray());
        assertEquals(7.0, back.section("optim").get("step").item());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void corruptionAndTruncationAreReportedWithTheFileName() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        sample().write(file);
        byte[] bytes = Files.readAllBytes(file);
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 3] ^= 0x10;
        Path corrupt = dir.resolve("corrupt.safetensors");
        Files.write(corrupt, flipped);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(corrupt));
        assertTrue(e.getMessage().contains("corrupt.safetensors") && e.getMessage().contains("checksum"), e.getMessage());

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
        e = assertThrows(IOException.class, () -> Checkpoint.read(truncated));
        assertTrue(e.getMessage().contains("truncated.safetensors"), e.getMessage());

        Path plain = dir.resolve("plain.safetensors");
        SafeTensors.write(plain, Map.of("w", new Entry.Floating(Tensor.zeros(2))), Map.of());
        e = assertThrows(IOException.class, () -> Checkpoint.read(plain));
        assertTrue(e.getMessage().contains("not a sparsetrain checkpoint"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sample().section("rigl"));
    }
}
