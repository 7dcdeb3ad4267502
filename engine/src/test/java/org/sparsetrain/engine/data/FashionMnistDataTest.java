package org.sparsetrain.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The embedded subset (always there) and the full Debian package (when installed) load and agree. */
class FashionMnistDataTest {

    @Test
    void embeddedSubsetLoadsWithEveryClass() throws IOException {
        Dataset train = MnistFormat.loadResource(MnistFormat.EMBEDDED_SUBSET, MnistFormat.Split.TRAIN);
        Dataset test = MnistFormat.loadResource(MnistFormat.EMBEDDED_SUBSET, MnistFormat.Split.TEST);
        assertEquals(5000, train.count());
        assertEquals(1000, test.count());
        assertArrayEquals(new int[] {1, 28, 28}, train.itemShape());
        int[] perClass = new int[10];
        for (int y : test.labels()) perClass[y]++;
        for (int c = 0; c < 10; c++) assertTrue(perClass[c] > 50, "class " + c + " has " + perClass[c] + " test images");
    }

    @Test
    void debianPackageMatchesTheSubsetItWasCutFrom() throws IOException {
        Assumptions.assumeTrue(MnistFormat.present(MnistFormat.DEBIAN_FASHION_MNIST, MnistFormat.Split.TEST),
                "dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist); skipping");
        Dataset full = MnistFormat.load(MnistFormat.DEBIAN_FASHION_MNIST, MnistFormat.Split.TEST);
        Dataset subset = MnistFormat.loadResource(MnistFormat.EMBEDDED_SUBSET, MnistFormat.Split.TEST);
        assertEquals(10000, full.count());
        Dataset head = full.head(subset.count());
        assertArrayEquals(subset.labels(), head.labels());
        assertArrayEquals(subset.features(), head.features());
    }
}
