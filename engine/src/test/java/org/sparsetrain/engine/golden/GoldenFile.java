package org.sparsetrain.engine.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.sparsetrain.engine.io.SafeTensors;
import org.sparsetrain.engine.io.SafeTensorsFile;
import org.sparsetrain.engine.ops.Layout;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * One file of PyTorch golden values (made by {@code test-data/scripts/make_golden.py}), read from the class
 * path, with the conversions from PyTorch's batch-major layout to ours and the comparison the tests share.
 *
 * <p>Activations ({@code [N, F]}, {@code [N, C, H, W]}) are converted to feature-major ({@code [F][N]},
 * {@code [C][H][W][N]}); parameters (weights, biases, batch-norm vectors) keep PyTorch's layout, which is ours.
 */
final class GoldenFile {
    final String name;
    final SafeTensorsFile file;
    final Precision precision;

    private GoldenFile(String name, SafeTensorsFile file, Precision precision) {
        this.name = name;
        this.file = file;
        this.precision = precision;
    }

    static GoldenFile load(String name, Precision precision) {
        String resource = "golden/" + name + ".safetensors";
        try (InputStream in = GoldenFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path (is test-data a test"
                        + " dependency, and was make_golden.py run?)");
            }
            return new GoldenFile(name, SafeTensors.read(in, resource), precision);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String meta(String key) { return file.meta(key); }

    int intMeta(String key) { return Integer.parseInt(meta(key)); }

    double doubleMeta(String key) { return Double.parseDouble(meta(key)); }

    boolean booleanMeta(String key) { return Boolean.parseBoolean(meta(key)); }

    boolean has(String tensor) { return file.contains(tensor); }

    /** A batch-major activation as a feature-major leaf of the test's dtype that records its gradient. */
    Tensor activationInput(String tensor) {
        return featureMajor(file.tensor(tensor)).to(precision.dtype).requiresGradInPlace(true);
    }

    /** A parameter (same layout as PyTorch) as a leaf of the test's dtype that records its gradient. */
    Tensor parameterInput(String tensor) {
        return file.tensor(tensor).to(precision.dtype).requiresGradInPlace(true);
    }

    /** A tensor of the test's dtype, same layout, outside autograd (upstream gradients, running statistics). */
    Tensor plain(String tensor) { return file.tensor(tensor).to(precision.dtype); }

    /** A batch-major upstream gradient in the test's dtype and feature-major layout. */
    Tensor plainActivation(String tensor) { return featureMajor(file.tensor(tensor)).to(precision.dtype); }

    int[] ints(String tensor) { return file.ints(tensor); }

    /** Asserts that {@code actual} (engine layout) matches the golden activation {@code tensor} (batch-major). */
    void assertActivation(String tensor, Tensor actual) { assertClose(tensor, featureMajor(file.tensor(tensor)), actual); }

    /** Asserts that {@code actual} matches the golden parameter-shaped {@code tensor} (same layout). */
    void assertParameter(String tensor, Tensor actual) { assertClose(tensor, file.tensor(tensor), actual); }

    private void assertClose(String tensor, Tensor expected, Tensor actual) {
        String what = name + ".safetensors '" + tensor + "' (" + precision + ")";
        if (actual == null) fail(what + ": the engine produced no tensor (a missing gradient?)");
        assertArrayEquals(expected.shape().dims(), actual.shape().dims(), what + ": shape " + actual.shape()
                + " differs from the expected " + expected.shape() + " (engine layout)");
        double scale = 0;
        for (int i = 0; i < expected.size(); i++) scale = Math.max(scale, Math.abs(expected.getFlat(i)));
        int worst = -1;
        double worstExcess = 0, maxDiff = 0;
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i), a = actual.getFlat(i), diff = Math.abs(a - e);
            double tolerance = precision.relative * Math.abs(e) + precision.absolute * scale;
            maxDiff = Math.max(maxDiff, Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff);
            double excess = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff - tolerance;
            if (excess > worstExcess) {
                worstExcess = excess;
                worst = i;
            }
        }
        if (worst >= 0) {
            double e = expected.getFlat(worst), a = actual.getFlat(worst);
            fail(what + ": element " + worst + " of " + expected.shape() + " is " + a + ", PyTorch says " + e
                    + " (difference " + Math.abs(a - e) + ", allowed " + (precision.relative * Math.abs(e)
                    + precision.absolute * scale) + "); largest difference in the tensor " + maxDiff);
        }
    }

    /** Batch-major to feature-major for rank >= 2; vectors and scalars stay as they are. */
    private static Tensor featureMajor(Tensor t) {
        return t.rank() >= 2 ? Layout.toFeatureMajor(t) : t;
    }
}
