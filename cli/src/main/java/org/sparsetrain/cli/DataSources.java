package org.sparsetrain.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import org.sparsetrain.engine.data.Cifar10Binary;
import org.sparsetrain.engine.data.Dataset;
import org.sparsetrain.engine.data.MnistFormat;

/**
 * Resolves {@code --data} to a training and a test set: the embedded Fashion-MNIST subset by default,
 * {@code fashion-mnist} for Debian's full package, or any folder in MNIST (IDX) or CIFAR-10 binary format.
 */
final class DataSources {
    /** Both splits and a fingerprint of their contents for the manifest. */
    record TrainData(Dataset train, Dataset test, String description, String fingerprint) {}

    private DataSources() {}

    static TrainData load(String spec, int trainLimit, int testLimit) throws IOException {
        Dataset train, test;
        String description;
        if (spec == null || spec.equals("embedded")) {
            train = MnistFormat.loadResource(MnistFormat.EMBEDDED_SUBSET, MnistFormat.Split.TRAIN);
            test = MnistFormat.loadResource(MnistFormat.EMBEDDED_SUBSET, MnistFormat.Split.TEST);
            description = "embedded Fashion-MNIST subset (first 5000 train / 1000 test images)";
        } else if (spec.equals("fashion-mnist")) {
            Path dir = MnistFormat.DEBIAN_FASHION_MNIST;
            if (!MnistFormat.present(dir, MnistFormat.Split.TRAIN)) {
                throw new UsageException("train: --data fashion-mnist needs Debian's package: apt-get install "
                        + "dataset-fashion-mnist (looked in " + dir + "); or pass --data DIR with the IDX files");
            }
            train = MnistFormat.load(dir, MnistFormat.Split.TRAIN);
            test = MnistFormat.load(dir, MnistFormat.Split.TEST);
            description = "Fashion-MNIST (" + dir + ")";
        } else {
            Path dir = Path.of(spec);
            if (!Files.isDirectory(dir)) {
                throw new UsageException("train: --data '" + spec + "' is neither 'embedded', 'fashion-mnist' nor a folder");
            }
            if (Files.isRegularFile(dir.resolve("data_batch_1.bin"))) {
                train = Cifar10Binary.loadTrain(dir);
                test = Cifar10Binary.loadTest(dir);
                description = "CIFAR-10 binary (" + dir + ")";
            } else if (MnistFormat.present(dir, MnistFormat.Split.TRAIN)) {
                train = MnistFormat.load(dir, MnistFormat.Split.TRAIN);
                test = MnistFormat.load(dir, MnistFormat.Split.TEST);
                description = "MNIST format (" + dir + ")";
            } else {
                throw new UsageException("train: folder " + dir + " holds neither MNIST-format files "
                        + "(train-images-idx3-ubyte[.gz], ...) nor CIFAR-10 binaries (data_batch_1.bin, ...)");
            }
        }
        if (trainLimit > 0) train = train.head(trainLimit);
        if (testLimit > 0) test = test.head(testLimit);
        return new TrainData(train, test, description + ", train " + train.count() + ", test " + test.count(),
                fingerprint(train) + "/" + fingerprint(test));
    }

    /** CRC-32 of the values and labels: identifies the exact data a run saw. */
    static String fingerprint(Dataset d) {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[4096];
        int p = 0;
        for (float f : d.features()) {
            int bits = Float.floatToIntBits(f);
            buf[p++] = (byte) bits;
            buf[p++] = (byte) (bits >>> 8);
            buf[p++] = (byte) (bits >>> 16);
            buf[p++] = (byte) (bits >>> 24);
            if (p == buf.length) {
                crc.update(buf, 0, p);
                p = 0;
            }
        }
        crc.update(buf, 0, p);
        for (int y : d.labels()) crc.update(y);
        return String.format("crc32:%08x", crc.getValue());
    }
}
