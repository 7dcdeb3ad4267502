package org.sparsetrain.kernels.cuda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The committed PTX of our kernels ({@code src/main/cuda/*.cu}, compiled by {@code compile-ptx.sh}) as class-path
 * resources, and the header each one starts with: the SHA-256 of the sources it was compiled from and the
 * virtual architecture, which {@code PtxStalenessTest} checks against the sources on every build.
 */
public final class PtxResources {
    /** Every kernel module, by {@code .cu} base name. */
    public static final List<String> MODULES = List.of("batchnorm", "elementwise", "im2col", "mask_csr", "pooling",
            "reduce", "softmax", "sparse_matmul", "topk");

    private static final String FOLDER = "/org/sparsetrain/kernels/cuda/ptx/";
    private static final Pattern HEADER = Pattern.compile("// sparsetrain-ptx source-sha256=([0-9a-f]{64}) arch=(\\S+)");

    private PtxResources() {}

    /** The digest and architecture a PTX resource records. */
    public record Header(String sourceSha256, String arch) {}

    public static InputStream open(String module) {
        InputStream in = PtxResources.class.getResourceAsStream(FOLDER + module + ".ptx");
        if (in == null) {
            throw new IllegalStateException("kernel module " + module + ": no resource " + FOLDER + module
                    + ".ptx; run src/main/cuda/compile-ptx.sh (needs nvcc) and commit its output");
        }
        return in;
    }

    public static Header header(String module) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(module), StandardCharsets.US_ASCII))) {
            String first = r.readLine();
            Matcher m = HEADER.matcher(first == null ? "" : first);
            if (!m.matches()) {
                throw new IllegalStateException("kernel module " + module + ": the PTX does not start with a "
                        + "'// sparsetrain-ptx source-sha256=... arch=...' header; regenerate it with compile-ptx.sh");
            }
            return new Header(m.group(1), m.group(2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
