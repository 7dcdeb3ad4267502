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
 * The convolutions' fused bias paths against the separate calls they replace, on 1 and 2 threads: the dense forward
 * adds the bias as it stores (same bits as {@code conv2dForward} + {@code addRowBias}), the dense and sparse weight
 * gradients sum the bias gradient while they read gy (same bits as {@code sumRows}, the weight gradient unchanged),
 * and the sparse forward starts each sum at the bias (equal within rounding, and equal to the reference).
 */
class ConvBiasFusionTest {
    @RegisterExtension static final OneAndTwoThreadBackends SIMD = new OneAndTwoThreadBackends();
    private static final Backend REF = Backends.reference();

    static Stream<Arguments> convs() {
        return Stream.of(
                Arguments.of(new ConvGeometry(17, 6, 9, 7, 8, 3, 3, 1, 1, 1, 1, 1)),      // batch not whole vectors
                Arguments.of(new ConvGeometry(48, 6, 16, 16, 9, 3, 3, 1, 1, 1, 1, 1)),    // several row bands
                Arguments.of(new ConvGeometry(32, 8, 10, 10, 12, 3, 3, 2, 2, 1, 1, 2)),   // groups, stride
                Arguments.of(new ConvGeometry(128, 1, 28, 28, 20, 5, 5, 1, 1, 0, 0, 1)),  // LeNet-5 conv1: 24 bands
                Arguments.of(new ConvGeometry(128, 20, 12, 12, 50, 5, 5, 1, 1, 0, 0, 1))); // LeNet-5 conv2
    }

    @ParameterizedTest @MethodSource("convs")
    void denseBiasPathsGiveTheSeparateCallsBits(ConvGeometry g) {
        SplittableRandom rng = new SplittableRandom(g.batch() + g.outC());
        Tensor x = TestArrays.uniformView(rng, -1, 1, g.inC(), g.inH(), g.inW(), g.batch());
        Tensor w = TestArrays.uniformView(rng, -1, 1, g.outC(), g.inCPerGroup(), g.kH(), g.kW());
        Tensor b = TestArrays.uniformView(rng, -1, 1, g.outC());
        Tensor gy = TestArrays.uniformView(rng, -1, 1, g.outC(), g.outH(), g.outW(), g.batch());
        for (SimdBackend be : new SimdBackend[] {SIMD.one(), SIMD.two()}) {
            Tensor separate = output(g), fused = output(g);
            be.conv2dForward(g, x, w, separate);
            be.addRowBias(separate, b, separate);
            be.conv2dForwardWithBias(g, x, w, b, fused);
            assertArrayEquals(separate.toFloatArray(), fused.toFloatArray(), "forward with bias");

            Tensor gw = Tensor.zerosLike(w), gwFused = Tensor.zerosLike(w);
            Tensor gb = Tensor.zerosLike(b), gbFused = Tensor.zerosLike(b);
            be.conv2dBackwardWeight(g, x, gy, gw);
            be.sumRows(gy, gb);
            be.conv2dBackwardWeightAndBias(g, x, gy, gwFused, gbFused);
            assertArrayEquals(gw.toFloatArray(), gwFused.toFloatArray(), "weight gradient");
            assertArrayEquals(gb.toFloatArray(), gbFused.toFloatArray(), "bias gradient");
        }
    }

    @ParameterizedTest @MethodSource("convs")
    void sparseBiasPathsMatchTheSeparateCalls(ConvGeometry g) {
        if (g.groups() != 1) return; // sparse convolutions have groups = 1
        SplittableRandom rng = new SplittableRandom(g.batch() * 3L + g.outC());
        SparsityPattern p = SparseBackendConformanceTest.pattern(rng, g.outC(), g.inC() * g.kH() * g.kW(), 0.2);
        Tensor values = TestArrays.uniformView(rng, -1, 1, p.nnz());
        Tensor x = TestArrays.uniformView(rng, -1, 1, g.inC(), g.inH(), g.inW(), g.batch());
        Tensor b = TestArrays.uniformView(rng, -1, 1, g.outC());
        Tensor gy = TestArrays.uniformView(rng, -1, 1, g.outC(), g.outH(), g.outW(), g.batch());
        Tensor ref = output(g);
        REF.sparseConv2dForwardWithBias(g, p, values, x, b, ref);
        float[] fusedOne = null;
        for (SimdBackend be : new SimdBackend[] {SIMD.one(), SIMD.two()}) {
            Tensor separate = output(g), fused = output(g);
            be.sparseConv2dForward(g, p, values, x, separate);
            be.addRowBias(separate, b, separate);
            be.sparseConv2dForwardWithBias(g, p, values, x, b, fused);
            ImageOpsConformanceTest.close("sparse forward with bias vs separate", separate, fused, 1e-5);
            ImageOpsConformanceTest.close("sparse forward with bias vs reference", ref, fused, 1e-5);
            if (fusedOne == null) fusedOne = fused.toFloatArray();
            else assertArrayEquals(fusedOne, fused.toFloatArray(), "1 vs 2 threads");

            Tensor gv = Tensor.zeros(DType.F32, p.nnz()), gvFused = Tensor.zeros(DType.F32, p.nnz());
            Tensor gb = Tensor.zerosLike(b), gbFused = Tensor.zerosLike(b);
            be.sparseConv2dBackwardWeight(g, p, x, gy, gv);
            be.sumRows(gy, gb);
            be.sparseConv2dBackwardWeightAndBias(g, p, x, gy, gvFused, gbFused);
            assertArrayEquals(gv.toFloatArray(), gvFused.toFloatArray(), "sparse weight gradient");
            assertArrayEquals(gb.toFloatArray(), gbFused.toFloatArray(), "sparse bias gradient");
        }
    }

    private static Tensor output(ConvGeometry g) {
        return Tensor.zeros(DType.F32, g.outC(), g.outH(), g.outW(), g.batch());
    }
}
