package org.sparsetrain.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The convolution forwards write every output element whatever the array held (the {@code Backend} contract that
 * lets {@code Conv2d} and {@code SparseConv2d} take their outputs from recycled arrays, {@code ActivationArrays}):
 * an output filled with NaN beforehand gives the same bits as a zeroed one, with and without bias, on the reference
 * backend and the SIMD backend on 1 and 2 threads, and for the sparse forward also in an output channel without any
 * active weight.
 */
class ConvForwardOverwritesOutputTest {
    @RegisterExtension static final OneAndTwoThreadBackends SIMD = new OneAndTwoThreadBackends();

    static Stream<Arguments> convs() {
        return Stream.concat(ConvBiasFusionTest.convs(), Stream.of(
                Arguments.of(new ConvGeometry(7, 8, 9, 9, 8, 3, 3, 1, 1, 1, 1, 8)),     // depthwise
                Arguments.of(new ConvGeometry(1, 3, 6, 5, 4, 1, 1, 1, 1, 0, 0, 1))));   // pointwise, batch 1
    }

    @ParameterizedTest @MethodSource("convs")
    void denseForwardOverwritesEveryOutput(ConvGeometry g) {
        SplittableRandom rng = new SplittableRandom(g.batch() * 7L + g.outC());
        Tensor x = TestArrays.uniformView(rng, -1, 1, g.inC(), g.inH(), g.inW(), g.batch());
        Tensor w = TestArrays.uniformView(rng, -1, 1, g.outC(), g.inCPerGroup(), g.kH(), g.kW());
        Tensor b = TestArrays.uniformView(rng, -1, 1, g.outC());
        assertOverwrites(g, b, (be, bias, y) -> be.conv2dForwardWithBias(g, x, w, bias, y));
    }

    @ParameterizedTest @MethodSource("convs")
    void sparseForwardOverwritesEveryOutput(ConvGeometry g) {
        if (g.groups() != 1) return; // sparse convolutions have groups = 1
        SplittableRandom rng = new SplittableRandom(g.batch() * 5L + g.outC());
        int cols = g.inC() * g.kH() * g.kW();
        boolean[] mask = new boolean[g.outC() * cols];
        // output channel 0 keeps no weight at all: its outputs are the bias (or 0), never what the array held
        for (int i = cols; i < mask.length; i++) mask[i] = rng.nextInt(4) == 0;
        SparsityPattern p = SparsityPattern.fromMask(mask, g.outC(), cols);
        Tensor values = TestArrays.uniformView(rng, -1, 1, p.nnz());
        Tensor x = TestArrays.uniformView(rng, -1, 1, g.inC(), g.inH(), g.inW(), g.batch());
        Tensor b = TestArrays.uniformView(rng, -1, 1, g.outC());
        assertOverwrites(g, b, (be, bias, y) -> be.sparseConv2dForwardWithBias(g, p, values, x, bias, y));
    }

    /** One forward call into {@code y}, with {@code bias} (may be null). */
    private interface Forward {
        void run(Backend be, Tensor bias, Tensor y);
    }

    /** On each backend, without and with {@code b}: a NaN-filled output ends with the bits of a zeroed one. */
    private static void assertOverwrites(ConvGeometry g, Tensor b, Forward forward) {
        for (Backend be : new Backend[] {Backends.reference(), SIMD.one(), SIMD.two()}) {
            for (Tensor bias : new Tensor[] {null, b}) {
                Tensor zeroed = output(g, 0f), poisoned = output(g, Float.NaN);
                forward.run(be, bias, zeroed);
                forward.run(be, bias, poisoned);
                assertArrayEquals(zeroed.toFloatArray(), poisoned.toFloatArray(),
                        be.name() + ", bias " + (bias != null));
            }
        }
    }

    private static Tensor output(ConvGeometry g, float fill) {
        Tensor y = Tensor.zeros(DType.F32, g.outC(), g.outH(), g.outW(), g.batch());
        y.fill(fill);
        return y;
    }
}
