package org.sparsetrain.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loads an MNIST-format folder (MNIST, Fashion-MNIST...): {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
 * plain or with a {@code .gz} suffix. Pixels become floats in [0, 1]; items have shape {@code [1, rows, cols]}.
 */
public final class MnistFormat {
    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * Class-path folder of the embedded Fashion-MNIST subset (5000 train / 1000 test images, in the test-data jar),
     * for {@link #loadResource}: the CLI's default data, the step benchmarks' batches, the data tests.
     */
    public static final String EMBEDDED_SUBSET = "fashion-mnist-subset";

    /** Which half of the data set. */
    public enum Split {
        TRAIN("train"), TEST("t10k");

        private final String prefix;

        Split(String prefix) { this.prefix = prefix; }
    }

    private MnistFormat() {}

    /** True if {@code dir} holds both files of {@code split}. */
    public static boolean present(Path dir, Split split) {
        return find(dir, split.prefix + "-images-idx3-ubyte") != null && find(dir, split.prefix + "-labels-idx1-ubyte") != null;
    }

    public static Dataset load(Path dir, Split split) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("data folder not found: " + dir);
        Path images = require(dir, split.prefix + "-images-idx3-ubyte");
        Path labels = require(dir, split.prefix + "-labels-idx1-ubyte");
        return combine(dir + " (" + split.name().toLowerCase() + ")", IdxFile.read(images), IdxFile.read(labels));
    }

    /**
     * Loads a split from class-path resources {@code <folder>/<prefix>-images-idx3-ubyte.gz} and the labels,
     * e.g. the Fashion-MNIST subset that ships in the {@code test-data} jar under {@code fashion-mnist-subset}.
     */
    public static Dataset loadResource(String folder, Split split) throws IOException {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) cl = MnistFormat.class.getClassLoader();
        String images = folder + "/" + split.prefix + "-images-idx3-ubyte.gz";
        String labels = folder + "/" + split.prefix + "-labels-idx1-ubyte.gz";
        try (var img = cl.getResourceAsStream(images); var lab = cl.getResourceAsStream(labels)) {
            if (img == null || lab == null) {
                throw new IOException("class-path resource " + (img == null ? images : labels) + " not found "
                        + "(is the test-data jar on the class path?)");
            }
            return combine("classpath:" + folder + " (" + split.name().toLowerCase() + ")",
                    IdxFile.read("classpath:" + images, img), IdxFile.read("classpath:" + labels, lab));
        }
    }

    /** Validates an image file and a label file against each other and builds the data set. */
    private static Dataset combine(String name, IdxFile img, IdxFile lab) throws IOException {
        String images = img.source(), labels = lab.source();
        if (img.dims().length != 3) {
            throw new IOException(images + ": expected a 3-D image file [count, rows, cols], got " + Arrays.toString(img.dims()));
        }
        if (lab.dims().length != 1) {
            throw new IOException(labels + ": expected a 1-D label file [count], got " + Arrays.toString(lab.dims()));
        }
        if (img.count() != lab.count()) {
            throw new IOException(img.count() + " images in " + images + " but " + lab.count() + " labels in " + labels);
        }
        float[] features = new float[img.data().length];
        for (int i = 0; i < features.length; i++) features[i] = (img.data()[i] & 0xff) / 255f;
        int[] y = new int[lab.count()];
        int classes = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = lab.data()[i] & 0xff;
            classes = Math.max(classes, y[i] + 1);
        }
        classes = Math.max(classes, 10);
        return new Dataset(name, features, y,
                new int[] {1, img.dims()[1], img.dims()[2]}, classes);
    }

    private static Path require(Path dir, String base) throws IOException {
        Path p = find(dir, base);
        if (p == null) throw new IOException(dir + ": missing " + base + " (or " + base + ".gz)");
        return p;
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }
}
