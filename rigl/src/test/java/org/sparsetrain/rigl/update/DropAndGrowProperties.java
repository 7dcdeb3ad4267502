package org.sparsetrain.rigl.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link DropAndGrow} against a transcription of the reference algorithm (rigl-spec Appendix A
 * {@code rigl_update}): lifted grow scores {@code min(b) − 1} on kept positions and the
 * sort-based top-k.
 */
class DropAndGrowProperties {

    @Property(tries = 300)
    void matchesTheReferenceTranscription(@ForAll @IntRange(min = 1, max = 200) int n,
                                          @ForAll @DoubleRange(min = 0, max = 1) double density,
                                          @ForAll @DoubleRange(min = 0, max = 1) double dropFraction,
                                          @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] mask = new boolean[n];
        float[] w = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = rnd.nextDouble() < density;
            // few distinct values: many ties, and active weights that are exactly zero
            w[i] = mask[i] ? (rnd.nextInt(5) - 2) * 0.25f : 0f;
            g[i] = rnd.nextInt(4) * 0.5f;
        }
        int nOnes = 0;
        for (boolean b : mask) if (b) nOnes++;
        int nDrop = DropAndGrow.dropCount(nOnes, dropFraction);

        DropGrowResult r = DropAndGrow.update(mask, w, g, nDrop);
        boolean[] expected = referenceUpdate(mask, w, g, nDrop);

        assertArrayEquals(expected, r.newMask());
        assertEquals(nOnes, r.nnz());
        for (int i : r.newConnections()) assertTrue(!mask[i] && r.newMask()[i]);
        for (int i : r.deactivated()) assertTrue(mask[i] && !r.newMask()[i]);
        assertEquals(r.dropped().length, nDrop + r.revived().length);
        assertEquals(r.grown().length, r.newConnections().length + r.regrown().length);
    }

    @Property(tries = 200)
    void activeOnlyDropsTheSmallestActiveMagnitudes(@ForAll @IntRange(min = 1, max = 200) int n,
                                                    @ForAll @DoubleRange(min = 0, max = 1) double dropFraction,
                                                    @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] mask = new boolean[n];
        float[] w = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = rnd.nextBoolean();
            w[i] = mask[i] ? (float) rnd.nextGaussian() : 0f;
            g[i] = (float) rnd.nextDouble();
        }
        int nOnes = 0;
        for (boolean b : mask) if (b) nOnes++;
        int nDrop = DropAndGrow.dropCount(nOnes, dropFraction);
        DropGrowResult r = DropAndGrow.update(mask, w, g, nDrop, DropScope.ACTIVE_ONLY);
        assertEquals(0, r.revived().length);
        assertEquals(nDrop, r.dropped().length);
        float maxDropped = 0;
        for (int i : r.dropped()) maxDropped = Math.max(maxDropped, Math.abs(w[i]));
        for (int i = 0; i < n; i++) {
            boolean kept = mask[i] && java.util.Arrays.binarySearch(r.dropped(), i) < 0;
            if (kept) assertTrue(Math.abs(w[i]) >= maxDropped);
        }
    }

    /** Appendix A's rigl_update, literally: top-k over all positions, lifted grow scores. */
    static boolean[] referenceUpdate(boolean[] mask, float[] w, float[] g, int nPrune) {
        int n = mask.length;
        int nOnes = 0;
        for (boolean b : mask) if (b) nOnes++;
        float[] drop = new float[n];
        for (int i = 0; i < n; i++) drop[i] = Math.abs((mask[i] ? 1f : 0f) * w[i]);
        boolean[] mask1 = new boolean[n];
        for (int i : SortTopK.largest(drop, nOnes - nPrune)) mask1[i] = true;
        float min = Float.POSITIVE_INFINITY;
        for (float v : g) min = Math.min(min, Math.abs(v));
        float[] lifted = new float[n];
        for (int i = 0; i < n; i++) lifted[i] = mask1[i] ? min - 1 : Math.abs(g[i]);
        boolean[] out = mask1.clone();
        for (int i : SortTopK.largest(lifted, nPrune)) {
            assertTrue(!mask1[i], "mask1 and mask2 overlap");
            out[i] = true;
        }
        return out;
    }
}
