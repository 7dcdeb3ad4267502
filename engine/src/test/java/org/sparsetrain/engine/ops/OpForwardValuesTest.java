package org.sparsetrain.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

/** Each op's forward on inputs small enough to compute by hand (F64, reference backend). */
class OpForwardValuesTest {
    private static final double TOL = 1e-12;
    private Backends.Scope reference;

    @BeforeEach void useReference() { reference = Backends.use(Backends.reference()); }

    @AfterEach void restore() { reference.close(); }

    private static Tensor t(double[] v, int... dims) { return Tensor.of(v, dims); }

    private static void assertValues(double[] expected, Tensor actual, int... dims) {
        assertEquals(Shape.of(dims), actual.shape());
        assertArrayEquals(expected, actual.toDoubleArray(), TOL, () -> "values of " + actual);
    }

    /** {@code [1][4][4][1]} image holding 0..15 row by row. */
    private static Tensor ramp4x4() {
        double[] v = new double[16];
        for (int i = 0; i < 16; i++) v[i] = i;
        return t(v, 1, 4, 4, 1);
    }

    // ------------------------------------------------------------------ existing ops

    @Test void elementwiseWithBroadcasting() {
        Tensor a = t(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), row = t(new double[] {10, 20, 30}, 3);
        assertValues(new double[] {11, 22, 33, 14, 25, 36}, Functional.add(a, row), 2, 3);
        assertValues(new double[] {-9, -18, -27, -6, -15, -24}, Functional.sub(a, row), 2, 3);
        Tensor col = t(new double[] {2, -1}, 2, 1);
        assertValues(new double[] {2, 4, 6, -4, -5, -6}, Functional.mul(a, col), 2, 3);
        assertValues(new double[] {0.5, 1, 1.5, -4, -5, -6}, Functional.div(a, col), 2, 3);
    }

    @Test void matmulReluSumMean() {
        Tensor a = t(new double[] {1, 2, 3, 4}, 2, 2), b = t(new double[] {5, 6, 7, 8}, 2, 2);
        assertValues(new double[] {19, 22, 43, 50}, Functional.matmul(a, b), 2, 2);
        assertValues(new double[] {0, 2, 0, 0}, Functional.relu(t(new double[] {-1, 2, 0, -3}, 4)), 4);
        assertEquals(10, Functional.sum(a).item(), TOL);
        assertEquals(2.5, Functional.mean(a).item(), TOL);
    }

    @Test void reshapeAndLayout() {
        Tensor x = t(new double[] {1, 2, 3, 4, 5, 6}, 2, 3); // batch-major: N=2, 3 features
        assertValues(new double[] {1, 2, 3, 4, 5, 6}, Functional.reshape(x, 3, -1), 3, 2);
        Tensor fm = Functional.toFeatureMajor(x);
        assertValues(new double[] {1, 4, 2, 5, 3, 6}, fm, 3, 2);
        assertValues(new double[] {1, 2, 3, 4, 5, 6}, Functional.toBatchMajor(fm), 2, 3);
    }

    // ------------------------------------------------------------------ layers

    @Test void linearWithAndWithoutBias() {
        Tensor w = t(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);     // [out=2][in=3]
        Tensor x = t(new double[] {1, 0, 0, 1, 1, 2}, 3, 2);     // [in=3][N=2]: columns (1,0,1) and (0,1,2)
        assertValues(new double[] {4, 8, 10, 17}, Functional.linear(x, w, null), 2, 2);
        Tensor b = t(new double[] {0.5, -1}, 2);
        assertValues(new double[] {4.5, 8.5, 9, 16}, Functional.linear(x, w, b), 2, 2);
    }

    @Test void addRowBiasAddsOnePerChannel() {
        Tensor x = t(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 1, 2);
        assertValues(new double[] {11, 12, 13, 14, 25, 26, 27, 28},
                Functional.addRowBias(x, t(new double[] {10, 20}, 2)), 2, 2, 1, 2);
    }

    @Test void conv1x1MixesChannelsPerPixel() {
        // x: 2 channels, 1x2 pixels, N=2; w: 1 output channel = 2*c0 - c1, bias 0.5
        Tensor x = t(new double[] {1, 2, 3, 4, /* c1 */ 10, 20, 30, 40}, 2, 1, 2, 2);
        Tensor w = t(new double[] {2, -1}, 1, 2, 1, 1);
        assertValues(new double[] {-8, -16, -24, -32}, Functional.conv2d(x, w, null, 1, 0, 1), 1, 1, 2, 2);
        assertValues(new double[] {-7.5, -15.5, -23.5, -31.5},
                Functional.conv2d(x, w, t(new double[] {0.5}, 1), 1, 0, 1), 1, 1, 2, 2);
    }

    @Test void conv3x3OfOnesWithPaddingCountsNeighbours() {
        Tensor x = Tensor.of(new double[9], 1, 3, 3, 1).fill(1);
        Tensor w = Tensor.of(new double[9], 1, 1, 3, 3).fill(1);
        assertValues(new double[] {4, 6, 4, 6, 9, 6, 4, 6, 4}, Functional.conv2d(x, w, null, 1, 1, 1), 1, 3, 3, 1);
        // stride 2 keeps the corners only
        assertValues(new double[] {4, 4, 4, 4}, Functional.conv2d(x, w, null, 2, 1, 1), 1, 2, 2, 1);
    }

    @Test void depthwiseConvKeepsChannelsApart() {
        Tensor x = t(new double[] {1, 2, 3, 4, /* c1 */ 5, 6, 7, 8}, 2, 2, 2, 1);
        Tensor w = t(new double[] {1, 1, 1, 1, /* c1 */ 0, 0, 0, 2}, 2, 1, 2, 2); // sum / 2*bottom-right
        assertValues(new double[] {10, 16}, Functional.conv2d(x, w, null, 1, 0, 2), 2, 1, 1, 1);
    }

    @Test void maxAndAvgPoolOnA4x4Ramp() {
        assertValues(new double[] {5, 7, 13, 15}, Functional.maxPool2d(ramp4x4(), 2, 2, 0), 1, 2, 2, 1);
        assertValues(new double[] {2.5, 4.5, 10.5, 12.5}, Functional.avgPool2d(ramp4x4(), 2, 2, 0), 1, 2, 2, 1);
        // 3x3 windows, stride 1: the max is the bottom-right cell, the mean the centre cell
        assertValues(new double[] {10, 11, 14, 15}, Functional.maxPool2d(ramp4x4(), 3, 1, 0), 1, 2, 2, 1);
        assertValues(new double[] {5, 6, 9, 10}, Functional.avgPool2d(ramp4x4(), 3, 1, 0), 1, 2, 2, 1);
        // padding 1, kernel 2, stride 2: the corner window sees only x[0][0] = 0 (max) and divides by 4 (avg)
        Tensor maxPadded = Functional.maxPool2d(ramp4x4(), 2, 2, 1);
        assertValues(new double[] {0, 2, 3, 8, 10, 11, 12, 14, 15}, maxPadded, 1, 3, 3, 1);
        Tensor avgPadded = Functional.avgPool2d(ramp4x4(), 2, 2, 1);
        assertEquals(0, avgPadded.getFlat(0), TOL);
        assertEquals((1 + 2) / 4.0, avgPadded.getFlat(1), TOL);
        assertEquals((5 + 6 + 9 + 10) / 4.0, avgPadded.getFlat(4), TOL);
    }

    @Test void globalAvgPoolAveragesEachChannelAndSample() {
        assertValues(new double[] {7.5}, Functional.globalAvgPool(ramp4x4()), 1, 1);
        Tensor x = t(new double[] {1, 10, 3, 30, /* c1 */ 5, 50, 7, 70}, 2, 1, 2, 2);
        assertValues(new double[] {2, 20, 6, 60}, Functional.globalAvgPool(x), 2, 2);
    }

    @Test void flattenIsAViewInCHWOrder() {
        Tensor x = t(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 1, 2);
        Tensor y = Functional.flatten(x);
        assertValues(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, y, 4, 2);
        assertSame(x.doubles(), y.doubles(), "flatten must share storage");
    }

    @Test void batchNormTrainingNormalisesWithBiasedVarianceAndUpdatesRunningStatsUnbiased() {
        // channel 0 holds 1,2,3,4 (mean 2.5, biased var 1.25, unbiased 5/3); channel 1 holds 10 four times
        Tensor x = t(new double[] {1, 2, 3, 4, 10, 10, 10, 10}, 2, 2, 1, 2);
        Tensor gamma = t(new double[] {2, 1}, 2), beta = t(new double[] {0, -1}, 2);
        Tensor runningMean = t(new double[] {0, 0}, 2), runningVar = t(new double[] {1, 1}, 2);
        double eps = 1e-5, inv = 1 / Math.sqrt(1.25 + eps);
        Tensor y = Functional.batchNorm2d(x, gamma, beta, runningMean, runningVar, true, 0.1, eps);
        assertValues(new double[] {-3 * inv, -inv, inv, 3 * inv, -1, -1, -1, -1}, y, 2, 2, 1, 2);
        assertValues(new double[] {0.25, 1.0}, runningMean, 2);
        assertValues(new double[] {0.9 + 0.1 * 5.0 / 3.0, 0.9}, runningVar, 2);
    }

    @Test void batchNormEvalUsesRunningStats() {
        Tensor x = t(new double[] {1, 3, 0, 8}, 2, 1, 1, 2);
        Tensor runningMean = t(new double[] {1, 4}, 2), runningVar = t(new double[] {4, 16}, 2);
        Tensor y = Functional.batchNorm2d(x, t(new double[] {3, 1}, 2), t(new double[] {1, 0}, 2),
                runningMean, runningVar, false, 0.1, 1e-300);
        assertValues(new double[] {1, 4, -1, 1}, y, 2, 1, 1, 2);
        assertValues(new double[] {1, 4}, runningMean, 2); // eval never updates the buffers
        Tensor plain = Functional.batchNorm2d(x, null, null, runningMean, runningVar, false, 0.1, 1e-300);
        assertValues(new double[] {0, 1, -1, 1}, plain, 2, 1, 1, 2);
    }

    @Test void dropoutZeroesOrScalesAndIsTheIdentityInEval() {
        Tensor x = Tensor.of(new double[1000], 10, 100).fill(3);
        Tensor y = Functional.dropout(x, 0.25, true, new Rng(7));
        int zeros = 0;
        for (double v : y.toDoubleArray()) {
            if (v == 0) zeros++;
            else assertEquals(4, v, TOL); // 3 / (1 - 0.25)
        }
        assertEquals(250, zeros, 50, "about a quarter dropped");
        assertArrayEquals(y.toDoubleArray(), Functional.dropout(x, 0.25, true, new Rng(7)).toDoubleArray(),
                "same seed, same mask");
        assertSame(x, Functional.dropout(x, 0.25, false, null));
        assertSame(x, Functional.dropout(x, 0.0, true, null));
        assertValues(new double[1000], Functional.dropout(x, 1.0, true, new Rng(7)), 10, 100);
    }

    @Test void logSoftmaxOfKnownLogits() {
        // column 0: logits (0, ln 3) -> probabilities (1/4, 3/4); column 1: uniform over 2 classes
        Tensor logits = t(new double[] {0, 5, Math.log(3), 5}, 2, 2);
        assertValues(new double[] {Math.log(0.25), Math.log(0.5), Math.log(0.75), Math.log(0.5)},
                Functional.logSoftmax(logits), 2, 2);
    }

    @Test void crossEntropyOfUniformLogitsIsLogClasses() {
        Tensor logits = Tensor.of(new double[5 * 3], 5, 3).fill(0.7);
        int[] labels = {0, 4, 2};
        assertEquals(Math.log(5), Functional.crossEntropy(logits, labels, 0).item(), TOL);
        assertEquals(Math.log(5), Functional.crossEntropy(logits, labels, 0.1).item(), TOL);
    }

    @Test void crossEntropyWithLabelSmoothingFollowsPyTorch() {
        // one sample, logits (0, ln 3): -logp = (ln 4, ln 4/3); label 1
        Tensor logits = t(new double[] {0, Math.log(3)}, 2, 1);
        double nll0 = Math.log(4), nll1 = Math.log(4.0 / 3);
        assertEquals(nll1, Functional.crossEntropy(logits, new int[] {1}, 0).item(), TOL);
        double expected = 0.9 * nll1 + 0.1 * (nll0 + nll1) / 2;
        assertEquals(expected, Functional.crossEntropy(logits, new int[] {1}, 0.1).item(), TOL);
        // the mean over the batch: two copies of the sample with labels 0 and 1
        Tensor two = t(new double[] {0, 0, Math.log(3), Math.log(3)}, 2, 2);
        assertEquals((nll0 + nll1) / 2, Functional.crossEntropy(two, new int[] {0, 1}, 0).item(), TOL);
    }
}
