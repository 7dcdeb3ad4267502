package org.sparsetrain.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Runs everywhere, nvcc or not (CI has none): every committed PTX records the SHA-256 of the sources it was
 * compiled from; a kernel edited without regenerating its PTX fails here. The digest is compile-ptx.sh's:
 * the .cu file followed by every .cuh of the folder in name order.
 */
class PtxStalenessTest {
    static Path sources() {
        return Path.of(System.getProperty("sparsetrain.cuda.sources", "src/main/cuda"));
    }

    static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(sources())) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    static String digest(Path cu) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(Files.readAllBytes(cu));
        for (Path h : files(".cuh")) md.update(Files.readAllBytes(h));
        return HexFormat.of().formatHex(md.digest());
    }

    @Test void everyKernelSourceHasAnUpToDatePtx() throws Exception {
        List<Path> cus = files(".cu");
        assertEquals(PtxResources.MODULES, cus.stream().map(p -> p.getFileName().toString().replace(".cu", "")).toList(),
                "PtxResources.MODULES must list every .cu file");
        for (Path cu : cus) {
            String module = cu.getFileName().toString().replace(".cu", "");
            PtxResources.Header h = PtxResources.header(module);
            assertEquals(digest(cu), h.sourceSha256(), module + ".ptx is stale: " + cu + " changed since it was compiled;"
                    + " run kernels-cuda/src/main/cuda/compile-ptx.sh (or any build with nvcc on PATH) and commit the PTX");
            assertEquals(System.getProperty("sparsetrain.cuda.ptxArch", "compute_80"), h.arch(), module + ".ptx arch");
        }
    }

    @Test void theDigestSeesEveryByteOfTheSources() throws Exception {
        Path cu = files(".cu").getFirst();
        Path copy = Files.createTempFile("kernel", ".cu");
        try {
            byte[] bytes = Files.readAllBytes(cu);
            bytes[bytes.length / 2] ^= 1;
            Files.write(copy, bytes);
            assertTrue(!digest(copy).equals(digest(cu)), "a one-bit edit must change the digest");
        } finally {
            Files.delete(copy);
        }
    }
}
