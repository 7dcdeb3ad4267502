package org.sparsetrain.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Same inputs and thread count give bit-identical outputs (static partitions, fixed-order reductions), and the
 * 1- and 2-thread results are both correct. The kernels also happen to be partition-independent, which the last
 * assertions pin down so a change that breaks it is noticed.
 */
class SimdDeterminismTest {

    private static float[] gemm(SimdBackend backend, boolean transA, boolean transB, int m, int n, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor a = TestArrays.uniformView(rng, -1, 1, transA ? k : m, transA ? m : k);
        Tensor b = TestArrays.uniformView(rng, -1, 1, transB ? n : k, transB ? k : n);
        Tensor c = TestArrays.uniformView(rng, -1, 1, m, n);
        backend.gemm(transA, transB, m, n, k, 1.0, a, b, 0.5, c);
        return c.toFloatArray();
    }

    @Test void gemmRepeatsBitForBitAndThreadCountsAgree() {
        // row splits (shared B); column split (few rows); column split (op(B) above SHARED_PACKED_B_MAX_FLOATS)
        int[][] shapes = {{300, 128, 200}, {96, 700, 130}, {7, 700, 300}, {40, 16411, 70}};
        try (SimdBackend one = new SimdBackend(1); SimdBackend two = new SimdBackend(2)) {
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    float[] first = gemm(two, ta, tb, s[0], s[1], s[2], 9);
                    // row blocks are claimed by whichever thread is free: repeat so different claim orders occur
                    for (int rep = 0; rep < 2; rep++) {
                        float[] again = gemm(two, ta, tb, s[0], s[1], s[2], 9);
                        assertArrayEquals(first, again, "2 threads, repeated");
                    }
                    float[] single = gemm(one, ta, tb, s[0], s[1], s[2], 9);
                    assertArrayEquals(single, first, "1 vs 2 threads");

                    SplittableRandom rng = new SplittableRandom(9);
                    int m = s[0], n = s[1], k = s[2];
                    Tensor a = TestArrays.uniformView(rng, -1, 1, ta ? k : m, ta ? m : k);
                    Tensor b = TestArrays.uniformView(rng, -1, 1, tb ? n : k, tb ? k : n);
                    Tensor c = TestArrays.uniformView(rng, -1, 1, m, n);
                    Backends.reference().gemm(ta, tb, m, n, k, 1.0, a, b, 0.5, c);
                    for (int i = 0; i < c.size(); i++) {
                        assertEquals(c.getFlat(i), single[i], 1e-5 * Math.sqrt(k), "reference at " + i);
                    }
                }
            }
        }
    }

    @Test void sumIsIndependentOfThreadCount() {
        Tensor x = TestArrays.uniformView(new SplittableRandom(4), -1, 1, 1_000_003);
        try (SimdBackend one = new SimdBackend(1); SimdBackend two = new SimdBackend(2)) {
            double s2 = two.sum(x);
            assertEquals(s2, two.sum(x), 0.0);
            assertEquals(s2, one.sum(x), 0.0);
            assertEquals(Backends.reference().sum(x), s2, 1e-9);
        }
    }
}
