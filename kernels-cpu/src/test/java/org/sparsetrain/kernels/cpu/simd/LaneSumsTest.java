package org.sparsetrain.kernels.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The transposing four-vector reduction against four plain sums. */
class LaneSumsTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    /** Integer-valued lanes add exactly in any order, so each group total must equal its vector's sum bit for bit. */
    @Test
    void sum4PutsEachVectorsTotalAtItsGroupLane() {
        float[][] v = new float[4][L];
        for (int g = 0; g < 4; g++) for (int i = 0; i < L; i++) v[g][i] = 1000 * g + 17 * i + (i == g ? 5 : 0);
        FloatVector q = LaneSums.sum4(vec(v[0]), vec(v[1]), vec(v[2]), vec(v[3]));
        for (int g = 0; g < 4; g++) {
            float expected = 0;
            for (float x : v[g]) expected += x;
            assertEquals(expected, q.lane(g * LaneSums.GROUP), "group " + g + " (lanes " + L + ")");
        }
    }

    /** Random lanes: each total equals the single-vector halving tree within float rounding. */
    @Test
    void sum4MatchesFourHalvingTrees() {
        Random r = new Random(3);
        for (int trial = 0; trial < 100; trial++) {
            FloatVector[] v = new FloatVector[4];
            for (int g = 0; g < 4; g++) {
                float[] a = new float[L];
                for (int i = 0; i < L; i++) a[i] = (float) r.nextGaussian();
                v[g] = vec(a);
            }
            FloatVector q = LaneSums.sum4(v[0], v[1], v[2], v[3]);
            for (int g = 0; g < 4; g++) {
                assertEquals(LaneSums.sum(v[g]), q.lane(g * LaneSums.GROUP), 1e-5, "trial " + trial + " group " + g);
            }
        }
    }

    private static FloatVector vec(float[] a) { return FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, a, 0); }
}
