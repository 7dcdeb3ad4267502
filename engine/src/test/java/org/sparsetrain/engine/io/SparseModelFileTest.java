package org.sparsetrain.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.ReLU;
import org.sparsetrain.engine.nn.Sequential;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

class SparseModelFileTest {
    @TempDir Path dir;

    private static Module net(long seed) {
        return new Sequential(new Linear(200, 100, true, new Rng(seed)), new ReLU(), new Linear(100, 10, true, new Rng(seed + 1)));
    }

    private static void sparsifyFirst(Module m, double density, long seed) {
        Rng r = new Rng(seed);
        boolean[] mask = new boolean[100 * 200];
        for (int i = 0; i < mask.length; i++) mask[i] = r.nextDouble() < density;
        m.namedParameters().get("0.weight").sparsify(SparsityPattern.fromMask(mask, 100, 200));
    }

    @Test void roundTripRunsSparseAndIsSmallOnDisk() throws IOException {
        Module trained = net(1);
        sparsifyFirst(trained, 0.05, 2);
        Path file = dir.resolve("model.sparse.safetensors");
        long bytes = SparseModelFile.save(file, trained, Map.of("note", "test"));
        assertEquals(Files.size(file), bytes);
        assertTrue(SparseModelFile.isSparseModel(file));

        Path dense = dir.resolve("dense.safetensors");
        new Checkpoint(Map.of("model", trained.stateDict()), Map.of()).write(dense);
        assertTrue(bytes < 0.2 * Files.size(dense), "compact " + bytes + " vs dense " + Files.size(dense));

        Module loaded = net(9); // other weights: everything comes from the file
        Map<String, String> meta = SparseModelFile.load(file, loaded);
        assertEquals("test", meta.get("note"));
        assertTrue(loaded.namedParameters().get("0.weight").isSparse());
        assertFalse(loaded.namedParameters().get("2.weight").isSparse());
        Tensor x = Tensor.uniform(DType.F32, new Rng(3), -1, 1, 200, 7);
        assertArrayEquals(trained.forward(x).toFloatArray(), loaded.forward(x).toFloatArray());
    }

    @Test void aFileThatDoesNotFitNamesTheProblemAndChangesNothing() throws IOException {
        Module trained = net(1);
        sparsifyFirst(trained, 0.05, 2);
        Path file = dir.resolve("m.safetensors");
        SparseModelFile.save(file, trained, Map.of());
        Module other = new Sequential(new Linear(200, 50, true, new Rng(4)), new ReLU(), new Linear(50, 10, true, new Rng(5)));
        float[] before = other.namedParameters().get("0.weight").data().toFloatArray();
        IOException e = assertThrows(IOException.class, () -> SparseModelFile.load(file, other));
        assertTrue(e.getMessage().contains("'0.weight' has shape [100, 200] in the file, the model has [50, 200]"), e.getMessage());
        assertArrayEquals(before, other.namedParameters().get("0.weight").data().toFloatArray());
        assertFalse(other.namedParameters().get("0.weight").isSparse());

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x55;
        Files.write(file, bytes);
        assertTrue(assertThrows(IOException.class, () -> SparseModelFile.load(file, net(1))).getMessage().contains("SHA-256"));
    }
}
