package org.sparsetrain.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.tensor.Rng;

class DataLoaderTest {
    /** Item i of shape [2][1][3] holds i*10 + feature index; label i % 3. */
    static Dataset tiny(int n) {
        float[] f = new float[n * 6];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int k = 0; k < 6; k++) f[i * 6 + k] = i * 10 + k;
        }
        return new Dataset("tiny", f, labels, new int[] {2, 1, 3}, 3);
    }

    static List<Batch> collect(DataLoader loader, int epoch) {
        List<Batch> out = new ArrayList<>();
        try (var e = loader.epoch(epoch)) {
            for (Batch b : e) out.add(b);
        }
        return out;
    }

    @Test
    void batchesAreFeatureMajorAndCoverEveryItemOnce() {
        var loader = new DataLoader(tiny(10), DataLoader.Options.sequential(4));
        List<Batch> batches = collect(loader, 0);
        assertEquals(3, batches.size());
        assertEquals(3, loader.batchesPerEpoch());
        Batch first = batches.get(0);
        assertArrayEquals(new int[] {2, 1, 3, 4}, first.x().shape().dims());
        // feature k of item b sits at k * batch + b
        assertEquals(2 * 10 + 5, first.x().getFlat(5 * 4 + 2), 0);
        assertArrayEquals(new int[] {0, 1, 2, 0}, first.labels());
        assertEquals(2, batches.get(2).size());
    }

    @Test
    void shuffleDependsOnlyOnSeedAndEpochAndPrefetchChangesNothing() {
        var opts = DataLoader.Options.shuffled(3, 7);
        var a = new DataLoader(tiny(20), opts);
        var b = new DataLoader(tiny(20), opts.withPrefetch(0));
        for (int epoch : new int[] {0, 3}) {
            List<Batch> x = collect(a, epoch), y = collect(b, epoch);
            assertEquals(x.size(), y.size());
            for (int i = 0; i < x.size(); i++) {
                assertArrayEquals(x.get(i).labels(), y.get(i).labels());
                assertArrayEquals(x.get(i).x().toFloatArray(), y.get(i).x().toFloatArray());
            }
        }
        Set<Integer> seen = new HashSet<>();
        for (Batch batch : collect(a, 1)) {
            for (int i = 0; i < batch.size(); i++) seen.add((int) batch.x().getFlat(i) / 10);
        }
        assertEquals(20, seen.size());
        assertNotEquals(Arrays.toString(collect(a, 0).get(0).labels()) + collect(a, 0).get(0).x().getFlat(0),
                Arrays.toString(collect(a, 1).get(0).labels()) + collect(a, 1).get(0).x().getFlat(0));
    }

    @Test
    void normalisesPerChannelAndDropsLastWhenAsked() {
        var opts = new DataLoader.Options(4, false, 0, new double[] {1, 2}, new double[] {2, 4}, null, true, 0);
        var loader = new DataLoader(tiny(10), opts);
        List<Batch> batches = collect(loader, 0);
        assertEquals(2, batches.size());
        Batch b = batches.get(0);
        assertEquals((10 * 1 + 0 - 1) / 2.0, b.x().getFlat(1), 1e-6);       // channel 0, feature 0, item 1
        assertEquals((10 * 1 + 3 - 2) / 4.0, b.x().getFlat(3 * 4 + 1), 1e-6); // channel 1, feature 3, item 1
        assertThrows(IllegalArgumentException.class,
                () -> new DataLoader(tiny(4), opts.normalized(new double[] {1}, new double[] {1})));
    }

    @Test
    void augmentationIsSeededPerBatch() {
        Augmentation shift = (src, dst, shape, rng) -> {
            float add = rng.nextInt(1000);
            for (int i = 0; i < src.length; i++) dst[i] = src[i] + add;
        };
        var opts = DataLoader.Options.shuffled(4, 3).augmented(shift);
        var a = collect(new DataLoader(tiny(9), opts), 2);
        var b = collect(new DataLoader(tiny(9), opts.withPrefetch(0)), 2);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).x().toFloatArray(), b.get(i).x().toFloatArray());
    }

    @Test
    void randomCropFlipKeepsContentInsideThePaddedWindow() {
        float[] src = new float[1 * 4 * 4];
        for (int i = 0; i < src.length; i++) src[i] = i + 1;
        float[] dst = new float[src.length];
        Augmentation crop = Augmentation.randomCropFlip(1, true);
        Rng rng = new Rng(5);
        for (int t = 0; t < 20; t++) {
            crop.apply(src, dst, new int[] {1, 4, 4}, rng);
            int nonZero = 0;
            for (float v : dst) if (v != 0) nonZero++;
            // A shift of at most one row and one column keeps at least 3x3 of the 4x4 pixels.
            assertFalse(nonZero < 9, "crop lost too much: " + Arrays.toString(dst));
        }
    }

    @Test
    void closingAnEpochEarlyStopsItsThread() throws InterruptedException {
        var loader = new DataLoader(tiny(50), DataLoader.Options.shuffled(1, 1));
        var epoch = loader.epoch(0);
        var it = epoch.iterator();
        it.next();
        epoch.close();
        Thread.sleep(200);
        boolean alive = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("data-loader-epoch-0") && t.isAlive());
        assertFalse(alive);
    }
}
