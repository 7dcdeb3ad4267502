package org.sparsetrain.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The SIMD backend's convolution, batch-norm, pooling and log-softmax primitives (kernels split across 1 and 2
 * threads) against the reference backend, at non-zero offsets, with sizes large enough to take the parallel
 * path; and 1 vs 2 threads bit-identical.
 */
class ImageOpsConformanceTest {
    @RegisterExtension static final OneAndTwoThreadBackends SIMD = new OneAndTwoThreadBackends();
    private static final Backend REF = Backends.reference();

    static void close(String what, Tensor expected, Tensor actual, double tol) {
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i), a = actual.getFlat(i);
            if (!(Math.abs(e - a) <= tol * (1 + Math.abs(e)))) fail(what + ": element " + i + " expected " + e + " got " + a);
        }
    }

    static Stream<Arguments> convs() {
        return Stream.of(
                Arguments.of(new ConvGeometry(17, 6, 9, 7, 8, 3, 3, 1, 1, 1, 1, 1)),
                Arguments.of(new ConvGeometry(33, 8, 10, 10, 12, 3, 3, 2, 2, 1, 1, 2)),
                Arguments.of(new ConvGeometry(16, 8, 8, 8, 8, 3, 3, 1, 1, 1, 1, 8)),      // depthwise
                Arguments.of(new ConvGeometry(48, 6, 16, 16, 9, 3, 3, 1, 1, 1, 1, 1)),    // weight gradient in row bands
                Arguments.of(new ConvGeometry(17, 16, 9, 7, 8, 3, 3, 2, 2, 1, 1, 1)),     // col2im input gradient, strided
                Arguments.of(new ConvGeometry(128, 20, 12, 12, 50, 5, 5, 1, 1, 0, 0, 1))); // LeNet conv2 (col2im path)
    }

    @ParameterizedTest @MethodSource("convs")
    void convolutionMatchesReferenceAndIsThreadCountIndependent(ConvGeometry g) {
        SplittableRandom rng = new SplittableRandom(11);
        Tensor x = TestArrays.uniformView(rng, -1, 1, g.inC(), g.inH(), g.inW(), g.batch());
        Tensor w = TestArrays.uniformView(rng, -1, 1, g.outC(), g.inCPerGroup(), g.kH(), g.kW());
        Tensor gy = TestArrays.uniformView(rng, -1, 1, g.outC(), g.outH(), g.outW(), g.batch());
        int taps = g.inCPerGroup() * g.kH() * g.kW();
        double tol = 1e-5 * Math.sqrt(taps);
        Tensor[] y = new Tensor[3], gx = new Tensor[3], gw = new Tensor[3];
        Backend[] backends = {REF, SIMD.one(), SIMD.two()};
        for (int b = 0; b < 3; b++) {
            y[b] = Tensor.zeros(DType.F32, g.outC(), g.outH(), g.outW(), g.batch());
            gx[b] = Tensor.zeros(DType.F32, g.inC(), g.inH(), g.inW(), g.batch());
            gw[b] = Tensor.zeros(DType.F32, g.outC(), g.inCPerGroup(), g.kH(), g.kW());
            backends[b].conv2dForward(g, x, w, y[b]);
            backends[b].conv2dBackwardInput(g, gy, w, gx[b]);
            backends[b].conv2dBackwardWeight(g, x, gy, gw[b]);
        }
        close("forward", y[0], y[1], tol);
        close("backward input", gx[0], gx[1], tol);
        close("backward weight", gw[0], gw[1], 1e-5 * Math.sqrt((double) g.batch() * g.outH() * g.outW()));
        assertArrayEquals(y[1].toFloatArray(), y[2].toFloatArray());
        assertArrayEquals(gx[1].toFloatArray(), gx[2].toFloatArray());
        assertArrayEquals(gw[1].toFloatArray(), gw[2].toFloatArray());
    }

    @ParameterizedTest @ValueSource(ints = {1, 17, 128})
    void batchNormPoolingAndSoftmaxMatchReference(int batch) {
        SplittableRandom rng = new SplittableRandom(batch);
        int c = 24, h = 10, w = 10;
        Tensor x = TestArrays.uniformView(rng, -2, 2, c, h, w, batch);
        Tensor gy = TestArrays.uniformView(rng, -1, 1, c, h, w, batch);
        Tensor gamma = TestArrays.uniformView(rng, 0.5, 1.5, c), beta = TestArrays.uniformView(rng, -1, 1, c);
        for (SimdBackend be : new SimdBackend[] {SIMD.one(), SIMD.two()}) {
            Tensor[] mv = {Tensor.zeros(DType.F32, c), Tensor.zeros(DType.F32, c)}, rv = {Tensor.zeros(DType.F32, c), Tensor.zeros(DType.F32, c)};
            REF.channelMeanVar(x, rv[0], rv[1]);
            be.channelMeanVar(x, mv[0], mv[1]);
            close("mean", rv[0], mv[0], 1e-6);
            close("var", rv[1], mv[1], 1e-6);
            Tensor invStd = Tensor.zeros(DType.F32, c);
            for (int i = 0; i < c; i++) invStd.setFlat(i, 1 / Math.sqrt(rv[1].getFlat(i) + 1e-5));
            Tensor yr = Tensor.zerosLike(x), ys = Tensor.zerosLike(x);
            REF.batchNormApply(x, rv[0], invStd, gamma, beta, yr);
            be.batchNormApply(x, rv[0], invStd, gamma, beta, ys);
            close("batchNormApply", yr, ys, 1e-5);
            Tensor[] r = {Tensor.zerosLike(x), Tensor.zeros(DType.F32, c), Tensor.zeros(DType.F32, c)};
            Tensor[] s = {Tensor.zerosLike(x), Tensor.zeros(DType.F32, c), Tensor.zeros(DType.F32, c)};
            REF.batchNormBackward(x, gy, rv[0], invStd, gamma, r[0], r[1], r[2]);
            be.batchNormBackward(x, gy, rv[0], invStd, gamma, s[0], s[1], s[2]);
            for (int i = 0; i < 3; i++) close("batchNormBackward " + i, r[i], s[i], 1e-4);

            PoolGeometry pg = new PoolGeometry(batch, c, h, w, 3, 3, 2, 2, 1, 1);
            Tensor pr = Tensor.zeros(DType.F32, c, pg.outH(), pg.outW(), batch), ps = Tensor.zerosLike(pr);
            int[] ar = new int[pr.size()], as = new int[pr.size()];
            REF.maxPool2dForward(pg, x, pr, ar);
            be.maxPool2dForward(pg, x, ps, as);
            assertArrayEquals(pr.toFloatArray(), ps.toFloatArray());
            assertArrayEquals(ar, as);
            Tensor gp = TestArrays.uniformView(rng, -1, 1, c, pg.outH(), pg.outW(), batch);
            Tensor gr = Tensor.zerosLike(x), gs = Tensor.zerosLike(x);
            REF.maxPool2dBackward(pg, gp, ar, gr);
            be.maxPool2dBackward(pg, gp, as, gs);
            close("maxPoolBackward", gr, gs, 1e-6);
            REF.avgPool2dForward(pg, x, pr);
            be.avgPool2dForward(pg, x, ps);
            close("avgPool", pr, ps, 1e-6);
            REF.avgPool2dBackward(pg, gp, gr);
            be.avgPool2dBackward(pg, gp, gs);
            close("avgPoolBackward", gr, gs, 1e-6);

            Tensor logits = TestArrays.uniformView(rng, -8, 8, 10, batch * 37);
            Tensor lr = Tensor.zerosLike(logits), ls = Tensor.zerosLike(logits);
            REF.logSoftmaxForward(logits, lr);
            be.logSoftmaxForward(logits, ls);
            close("logSoftmax", lr, ls, 1e-5);
            Tensor g = TestArrays.uniformView(rng, -1, 1, 10, batch * 37);
            Tensor br = Tensor.zerosLike(logits), bs = Tensor.zerosLike(logits);
            REF.logSoftmaxBackward(lr, g, br);
            be.logSoftmaxBackward(lr, g, bs);
            close("logSoftmaxBackward", br, bs, 1e-5);
        }
        assertTrue(SIMD.two().threads() == 2);
    }
}
