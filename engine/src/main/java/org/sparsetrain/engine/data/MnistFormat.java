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
        IdxFile img = IdxFile.read(images);
        IdxFile lab = IdxFile.read(labels);
        if (img.dims().length != 3) {
            throw new IOException(images + ": expected a 3-D image file [count, rows, cols], got " + Arrays.toString(img.dims()));
        }
        if (lab.dims().length != 1) {
            throw new IOException(labels + ": expected a 1-D label file [count], got " + Arrays.toString(lab.dims()));
        }
        if (img.count() != lab.count()) {
            throw new IOException(dir + ": " + img.count() + " images in " + images.getFileName() + " but "
                    + lab.count() + " labels in " + labels.getFileName());
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
        return new Dataset(dir + " (" + split.name().toLowerCase() + ")", features, y,
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
