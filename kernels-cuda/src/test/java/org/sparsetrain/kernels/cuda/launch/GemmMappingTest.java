package org.sparsetrain.kernels.cuda.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The operand swap, checked by running the mapped column-major call through a literal Java transcription of
 * cublasSgemm's definition and comparing with the reference backend's row-major GEMM.
 */
class GemmMappingTest {
    /** cublasSgemm as documented: column-major, C = alpha op(A) op(B) + beta C, element (i, j) at i + j*ld. */
    static void columnMajorSgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
                                 float[] b, int ldb, float beta, float[] c, int ldc) {
        assertTrue(lda >= Math.max(1, transA ? k : m), "lda " + lda + " too small");
        assertTrue(ldb >= Math.max(1, transB ? n : k), "ldb " + ldb + " too small");
        assertTrue(ldc >= Math.max(1, m), "ldc " + ldc + " too small");
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[p + i * lda] : a[i + p * lda];
                    float bv = transB ? b[j + p * ldb] : b[p + j * ldb];
                    s += (double) av * bv;
                }
                c[i + j * ldc] = (float) (alpha * s + (beta == 0 ? 0 : beta * c[i + j * ldc]));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,5,7", "7,5,3", "16,1,9", "1,16,9", "4,4,1"})
    void mappedCallComputesTheRowMajorProduct(int m, int n, int k) {
        SplittableRandom rng = new SplittableRandom(m * 100 + n * 10 + k);
        for (int t = 0; t < 4; t++) {
            boolean transA = (t & 1) != 0, transB = (t & 2) != 0;
            float[] a = random(rng, m * k), b = random(rng, k * n), c = random(rng, m * n);
            Tensor expected = Tensor.of(c.clone(), m, n);
            Backends.reference().gemm(transA, transB, m, n, k, 0.5, Tensor.of(a, transA ? k : m, transA ? m : k),
                    Tensor.of(b, transB ? n : k, transB ? k : n), 0.25, expected);
            GemmMapping g = GemmMapping.of(transA, transB, m, n, k);
            columnMajorSgemm(g.transFirst(), g.transSecond(), g.rows(), g.cols(), g.inner(), 0.5f, b, g.ldFirst(), a,
                    g.ldSecond(), 0.25f, c, g.ldc());
            for (int i = 0; i < c.length; i++) {
                assertEquals(expected.getFlat(i), c[i], 1e-5, "transA=" + transA + " transB=" + transB + " element " + i);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"0,1,1", "1,0,1", "1,1,0"})
    void emptySizesAreRejectedBeforeCublas(int m, int n, int k) {
        var e = assertThrows(IllegalArgumentException.class, () -> GemmMapping.of(false, false, m, n, k));
        assertTrue(e.getMessage().startsWith("gemm: sizes must be >= 1"), e.getMessage());
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-1, 1);
        return a;
    }
}
