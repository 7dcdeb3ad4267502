package org.sparsetrain.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Max pooling's winner arrays are recycled: given back when the node is freed (not before, so a retained graph can
 * run its backward again), or at once when no graph is recorded; and a recycled array's stale contents never reach
 * a result, because the forward overwrites every entry.
 */
class SavedIndexArraysTest {
    /** x [2][4][4][3] pooled 2x2: 2 * 2 * 2 * 3 = 24 winners. */
    private static final int WINNERS = 24;

    @BeforeEach void emptyPool() { SavedIndexArrays.clearThisThread(); }

    private static Tensor input() {
        return Tensor.randn(DType.F32, new Rng(5), 2, 4, 4, 3).requiresGradInPlace(true);
    }

    /** Gradient of sum(maxPool(x) * (1, 2, 3, ...)) with respect to a new x. */
    private static double[] poolGradient() {
        Tensor x = input();
        Tensor y = Functional.maxPool2d(x, 2, 2, 0);
        double[] ramp = new double[y.size()];
        for (int i = 0; i < ramp.length; i++) ramp[i] = 1 + i;
        y.backward(Tensor.of(toFloats(ramp), y.shape().dims()), false);
        double[] g = new double[x.size()];
        for (int i = 0; i < g.length; i++) g[i] = x.grad().getFlat(i);
        return g;
    }

    @Test void staleWinnersNeverReachTheGradient() {
        double[] fresh = poolGradient();
        int[] stale = SavedIndexArrays.take(WINNERS); // the first pass's array, given back when its node was freed
        Arrays.fill(stale, 1); // would route every gradient to element 1
        SavedIndexArrays.giveBack(stale);
        assertArrayEquals(fresh, poolGradient());
        assertSame(stale, SavedIndexArrays.take(WINNERS), "the second pass used the stale array and gave it back");
    }

    @Test void theArrayComesBackOnlyWhenTheNodeIsFreed() {
        Tensor y = Functional.maxPool2d(input(), 2, 2, 0);
        Tensor ones = Tensor.full(DType.F32, 1, y.shape().dims());
        y.backward(ones, true);
        int[] other = SavedIndexArrays.take(WINNERS);
        assertTrue(Arrays.stream(other).allMatch(v -> v == 0), "a new array: the retained graph kept its winners");
        y.backward(ones, false);
        int[] winners = SavedIndexArrays.take(WINNERS);
        assertNotSame(other, winners);
        assertTrue(Arrays.stream(winners).anyMatch(v -> v != 0), "the freed node gave back its (non-zero) winners");
        assertThrows(IllegalStateException.class, () -> y.backward(ones, false), "the graph is freed");
    }

    @Test void withoutAGraphTheArrayGoesBackAtOnce() {
        Tensor x = input();
        int[] mine = SavedIndexArrays.take(WINNERS);
        SavedIndexArrays.giveBack(mine);
        try (var off = GradMode.disabled()) {
            Functional.maxPool2d(x, 2, 2, 0);
        }
        assertSame(mine, SavedIndexArrays.take(WINNERS), "taken by the forward and given back right after it");
    }

    private static float[] toFloats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }
}
