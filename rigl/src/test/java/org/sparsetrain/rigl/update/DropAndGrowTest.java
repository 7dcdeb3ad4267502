package org.sparsetrain.rigl.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** rigl-spec §3.1 (Appendix B section F) and the edge cases of §3. */
class DropAndGrowTest {

    static boolean[] mask(int... bits) {
        boolean[] m = new boolean[bits.length];
        for (int i = 0; i < bits.length; i++) m[i] = bits[i] == 1;
        return m;
    }

    static float[] abs(float[] v) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.abs(v[i]);
        return r;
    }

    @Test
    void workedUpdateOfSection3_1() {
        boolean[] m = mask(1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0);
        float[] w = {0.5f, -0.05f, 0, 0, -0.8f, 0, 0.02f, 0, 0, 0.3f, -0.01f, 0};
        float[] grad = {0.1f, 0.9f, 0.4f, 0.4f, 0.0f, -0.6f, 0.05f, 0.2f, -0.4f, 0.0f, 0.01f, 0.3f};
        int nDrop = DropAndGrow.dropCount(6, 0.5);
        assertEquals(3, nDrop);

        DropGrowResult r = DropAndGrow.update(m, w, abs(grad), nDrop);

        assertArrayEquals(new int[] {1, 6, 10}, r.dropped());
        assertArrayEquals(new int[] {1, 2, 5}, r.grown()); // the 0.4 tie at {2, 3, 8} goes to 2
        assertArrayEquals(new int[] {2, 5}, r.newConnections());
        assertArrayEquals(new int[] {1}, r.regrown()); // keeps -0.05 and its optimizer state
        assertArrayEquals(new int[] {6, 10}, r.deactivated());
        assertArrayEquals(new int[0], r.revived());
        assertArrayEquals(mask(1, 1, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0), r.newMask());
        assertEquals(6, r.nnz());
    }

    @Test
    void snipExampleOfSection4_7IsATopKOfWeightTimesGradient() {
        float[] w = {0.5f, -0.05f, 0.7f, -0.2f, -0.8f, 0.1f, 0.02f, -0.3f, 0.6f, 0.3f, -0.01f, 0.25f};
        float[] g = {0.1f, 0.9f, 0.4f, 0.4f, 0.0f, -0.6f, 0.05f, 0.2f, -0.4f, 0.0f, 0.01f, 0.3f};
        float[] saliency = new float[w.length];
        for (int i = 0; i < w.length; i++) saliency[i] = Math.abs(w[i] * g[i]);
        int keep = w.length - (int) Math.floor(0.75 * w.length);
        assertArrayEquals(new int[] {2, 3, 8}, TopK.largest(saliency, keep));
    }

    @Test
    void denseLayerIsANoOp() {
        boolean[] m = mask(1, 1, 1, 1, 1);
        float[] w = {0.3f, -0.1f, 0.2f, 0.5f, -0.4f};
        float[] g = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f};
        DropGrowResult r = DropAndGrow.update(m, w, g, 2);
        assertArrayEquals(m, r.newMask());
        assertArrayEquals(new int[] {1, 2}, r.dropped());
        assertArrayEquals(r.dropped(), r.regrown());
        assertArrayEquals(new int[0], r.newConnections());
        assertArrayEquals(new int[0], r.deactivated());
    }

    @Test
    void zeroDropKeepsTheMaskAndNoActiveWeightIsZero() {
        boolean[] m = mask(0, 1, 0, 1, 1, 0);
        float[] w = {0, 0.2f, 0, -0.3f, 0.1f, 0};
        DropGrowResult r = DropAndGrow.update(m, w, new float[] {1, 1, 1, 1, 1, 1}, 0);
        assertArrayEquals(m, r.newMask());
        assertEquals(0, r.grown().length);
    }

    @Test
    void referenceScopeRevivesAnInactiveTieWithAnExactZeroActiveWeight() {
        // active weight at 3 is exactly 0 (e.g. just grown, zero gradient since); inactive 0 ties it
        boolean[] m = mask(0, 1, 1, 1);
        float[] w = {0, 0.5f, 0.4f, 0};
        float[] g = {0, 0, 0, 0};
        DropGrowResult ref = DropAndGrow.update(m, w, g, 0, DropScope.ALL_POSITIONS);
        assertArrayEquals(mask(1, 1, 1, 0), ref.newMask());
        assertArrayEquals(new int[] {0}, ref.revived());
        assertArrayEquals(new int[] {3}, ref.deactivated());
        DropGrowResult active = DropAndGrow.update(m, w, g, 0, DropScope.ACTIVE_ONLY);
        assertArrayEquals(m, active.newMask());
        assertArrayEquals(new int[0], active.revived());
    }

    @Test
    void dropCountIsTheFloat32ProductTruncated() {
        assertEquals(7_056, DropAndGrow.dropCount(23_520, 0.3));
        assertEquals(7_055, DropAndGrow.dropCount(23_520, 0.2999970391));
        assertEquals(0, DropAndGrow.dropCount(100, 0.0));
        assertEquals(100, DropAndGrow.dropCount(100, 1.0));
        // float32 rounds 16 777 217 to 16 777 216 before the multiply, as TF does
        assertEquals(16_777_216, DropAndGrow.dropCount(16_777_217, 1.0));
        assertThrows(IllegalArgumentException.class, () -> DropAndGrow.dropCount(10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> DropAndGrow.dropCount(10, Double.NaN));
    }

    @Test
    void badInputsNameTheProblem() {
        boolean[] m = mask(1, 0, 1);
        var len = assertThrows(IllegalArgumentException.class,
                () -> DropAndGrow.update(m, new float[2], new float[3], 1));
        assertTrue(len.getMessage().contains("2") && len.getMessage().contains("3"), len.getMessage());
        var tooMany = assertThrows(IllegalArgumentException.class,
                () -> DropAndGrow.update(m, new float[3], new float[3], 3));
        assertTrue(tooMany.getMessage().contains("[0, 2]"), tooMany.getMessage());
        var nan = assertThrows(IllegalArgumentException.class,
                () -> DropAndGrow.update(m, new float[3], new float[] {0, Float.NaN, 0}, 1));
        assertTrue(nan.getMessage().contains("index 1"), nan.getMessage());
    }
}
