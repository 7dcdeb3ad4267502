package org.sparsetrain.kernels.cuda;

import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Argument checks of the GPU backend, done on the host before anything is queued: a wrong size on the device
 * would read or write out of bounds silently (or kill the context), so each check names the operation, the
 * argument, its size and what was expected.
 */
final class CudaChecks {
    private CudaChecks() {}

    static void gemm(int m, int n, int k, Tensor a, Tensor b, Tensor c) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        size("gemm", "a", a, (long) m * k, "m*k = " + m + "*" + k);
        size("gemm", "b", b, (long) k * n, "k*n = " + k + "*" + n);
        size("gemm", "c", c, (long) m * n, "m*n = " + m + "*" + n);
    }

    /** Every tensor has the size of the first. */
    static void sameSize(String op, Tensor first, Tensor... others) {
        for (int i = 0; i < others.length; i++) {
            if (others[i].size() != first.size()) {
                throw new IllegalArgumentException(op + ": argument " + (i + 2) + " has " + others[i].size()
                        + " elements " + others[i].shape() + " but argument 1 has " + first.size() + " " + first.shape());
            }
        }
    }

    /** {@code x} viewed as {@code [rows][cols]}: returns cols, or says why x does not split into {@code rows} rows. */
    static int rows(String op, Tensor x, int rows) {
        if (rows <= 0 || x.size() % rows != 0) {
            throw new IllegalArgumentException(op + ": " + x.size() + " elements " + x.shape() + " do not split into "
                    + rows + " rows");
        }
        return x.size() / rows;
    }

    /** {@code input}, {@code weight}, {@code output} sized as the geometry says. */
    static void conv(String op, ConvGeometry g, Tensor input, Tensor weight, Tensor output) {
        size(op, "input", input, g.inputSize(), "inC*inH*inW*batch of " + g);
        size(op, "weight", weight, g.weightSize(), "outC*inC/groups*kH*kW of " + g);
        size(op, "output", output, g.outputSize(), "outC*outH*outW*batch of " + g);
    }

    static void pool(String op, PoolGeometry g, Tensor input, Tensor output, int[] argmax) {
        long in = (long) g.channels() * g.inH() * g.inW() * g.batch();
        long out = (long) g.channels() * g.outH() * g.outW() * g.batch();
        size(op, "input", input, in, "channels*inH*inW*batch of " + g);
        size(op, "output", output, out, "channels*outH*outW*batch of " + g);
        if (argmax != null && argmax.length < out) {
            throw new IllegalArgumentException(op + ": argmax has " + argmax.length + " entries, expected at least " + out);
        }
    }

    private static void size(String op, String name, Tensor t, long expected, String what) {
        if (t.size() != expected) {
            throw new IllegalArgumentException(op + ": " + name + " has " + t.size() + " elements " + t.shape()
                    + ", expected " + what + " = " + expected);
        }
    }
}
