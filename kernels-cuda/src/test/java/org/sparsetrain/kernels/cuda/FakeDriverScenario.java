package org.sparsetrain.kernels.cuda;

import java.util.SplittableRandom;

import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Run by {@link FakeDriverIntegrationTest} in a child JVM whose LD_LIBRARY_PATH holds the fake CUDA libraries
 * (src/test/native): the real provider, probe, JavaCPP bindings, Launcher, PinnedTransfers, DeviceMirrors,
 * caching allocator and cuBLAS operand swap, end to end, with results checked against the reference backend.
 * Exits non-zero with a message on the first mismatch.
 */
public final class FakeDriverScenario {
    private FakeDriverScenario() {}

    public static void main(String[] args) {
        System.setProperty(CudaBackendProvider.DEVICE_PROPERTY, "cuda");
        Backend backend = Backends.reselect(1);
        check(backend instanceof CudaBackend, "the cuda backend must win when requested: " + Backends.selectionReport());
        CudaBackend gpu = (CudaBackend) backend;
        check(gpu.device().startsWith("Fake GPU"), gpu.device());
        Backend ref = Backends.reference();
        SplittableRandom rng = new SplittableRandom(1);

        for (int t = 0; t < 4; t++) {                               // cuBLAS operand swap, all orientations, views
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int m = 7, n = 5, k = 3;
            Tensor a = view(rng, ta ? k : m, ta ? m : k), b = view(rng, tb ? n : k, tb ? k : n), c = view(rng, m, n);
            Tensor e = copy(c);
            ref.gemm(ta, tb, m, n, k, 0.5, a, b, 0.25, e);
            gpu.gemm(ta, tb, m, n, k, 0.5, a, b, 0.25, c);
            close("gemm t=" + t, e, c);
            check(c.floats()[0] == e.floats()[0] && c.floats()[c.floats().length - 1] == e.floats()[e.floats().length - 1],
                    "gemm wrote outside its view");
        }
        Tensor x = view(rng, 1000), y = view(rng, 1000), out = view(rng, 1000), e = copy(out);
        ref.binary(BinaryOp.DIV, x, y, e);
        gpu.binary(BinaryOp.DIV, x, y, out);
        close("binary DIV", e, out);
        x.floats()[x.offset() + 3] = 42;                          // a host write the mirrors must notice
        ref.affine(x, 2, 1, e);
        gpu.affine(x, 2, 1, out);
        close("affine after a host write", e, out);

        PoolGeometry pg = new PoolGeometry(3, 2, 5, 5, 3, 3, 2, 2, 1, 1);
        Tensor px = view(rng, 2, 5, 5, 3), py = Tensor.zeros(2, pg.outH(), pg.outW(), 3), pe = Tensor.zerosLike(py);
        int[] am = new int[py.size()], ae = new int[py.size()];
        ref.maxPool2dForward(pg, px, pe, ae);
        gpu.maxPool2dForward(pg, px, py, am);                      // the Pool struct passed by value
        close("maxPool", pe, py);
        check(java.util.Arrays.equals(ae, am), "maxPool argmax differs");

        long raw = -1;
        for (int step = 0; step < 8; step++) {                      // the same "step" again and again
            Tensor a = Tensor.zeros(64, 32), b = Tensor.zeros(32, 16), c = Tensor.zeros(64, 16);
            gpu.gemm(false, false, 64, 16, 32, 1, a, b, 0, c);
            gpu.binary(BinaryOp.ADD, c, c, c);
            if (step == 5) raw = gpu.allocatorRawAllocations();     // by then the older mirrors have been evicted
            if (step == 7) check(gpu.allocatorRawAllocations() == raw, "steady steps allocated: " + gpu.memoryReport());
        }
        check(Backends.reselect(2) == gpu, "reselecting (train --threads) must reuse the one GPU backend");
        System.out.println("fake-driver scenario: OK (" + gpu.memoryReport() + ")");
    }

    private static Tensor view(SplittableRandom rng, int... dims) {
        int size = 1;
        for (int d : dims) size *= d;
        float[] storage = new float[size + 6];
        for (int i = 0; i < storage.length; i++) storage[i] = (float) rng.nextDouble(0.5, 2);
        return Tensor.view(storage, 3, dims);
    }

    private static Tensor copy(Tensor t) {
        int[] dims = new int[t.rank()];
        for (int i = 0; i < dims.length; i++) dims[i] = t.dim(i);
        return Tensor.view(t.floats().clone(), t.offset(), dims);
    }

    private static void close(String what, Tensor e, Tensor a) {
        for (int i = 0; i < e.size(); i++) {
            check(Math.abs(e.getFlat(i) - a.getFlat(i)) <= 1e-5 * (1 + Math.abs(e.getFlat(i))),
                    what + ": element " + i + " expected " + e.getFlat(i) + " got " + a.getFlat(i));
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            System.out.println("fake-driver scenario FAILED: " + message);
            System.exit(1);
        }
    }
}
