package org.sparsetrain.kernels.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;

/** Seeded test arrays with a non-zero offset and guard cells, and the comparisons the kernel tests share. */
final class KernelTestArrays {
    /** Value of the cells around a slice: a kernel that writes outside its slice changes it. */
    static final float GUARD = -12345.5f;

    private KernelTestArrays() {}

    /** {@code off + size + 5} floats: uniform in [-1, 1) from {@code off}, guard cells around. */
    static float[] random(Random rnd, int off, int size) {
        float[] a = guarded(off, size);
        for (int i = 0; i < size; i++) a[off + i] = rnd.nextFloat() * 2 - 1;
        return a;
    }

    /** An output array whose slice holds garbage (so a kernel must overwrite it) and guard cells around. */
    static float[] guarded(int off, int size) {
        float[] a = new float[off + size + 5];
        Arrays.fill(a, GUARD);
        return a;
    }

    /** The slice {@code [off, off + size)} as a new array. */
    static float[] slice(float[] a, int off, int size) {
        return Arrays.copyOfRange(a, off, off + size);
    }

    /** Guard cells outside {@code [off, off + size)} are untouched. */
    static void assertGuards(String what, float[] a, int off, int size) {
        for (int i = 0; i < a.length; i++) {
            if ((i < off || i >= off + size) && a[i] != GUARD) fail(what + ": wrote outside its slice at " + i);
        }
    }

    /**
     * Every element within {@code relTol * (1 + max|expected|)} of the expected value; NaN must match NaN.
     * The scale is the largest magnitude because float rounding errors of a sum grow with its terms, not its value.
     */
    static void assertClose(String what, float[] expected, float[] actual, double relTol) {
        assertEquals(expected.length, actual.length, what + ": length");
        double max = 0;
        for (float e : expected) if (Float.isFinite(e)) max = Math.max(max, Math.abs(e));
        double tol = relTol * (1 + max);
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(expected[i]) || Float.isNaN(actual[i])) {
                if (Float.isNaN(expected[i]) != Float.isNaN(actual[i])) {
                    fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]);
                }
                continue;
            }
            if (Float.isInfinite(expected[i]) || Float.isInfinite(actual[i])) {
                assertEquals(expected[i], actual[i], what + ": element " + i);
                continue;
            }
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]
                        + " (tolerance " + tol + ")");
            }
        }
    }
}
