package org.sparsetrain.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Recycled gradient arrays: they are reused (within a pass and by the next one), they come back zero-filled, and
 * no gradient a caller can see (a leaf's grad, the seed, a saved tensor) ever shares an array with a recycled one.
 */
class GradientBuffersTest {

    /** An identity op whose backward returns a recycled gradient and reports which array it got. */
    private static Tensor probe(Tensor x, List<float[]> arrays) {
        Tensor y = x.detach().copy();
        return Autograd.record("probe", y, g -> {
            Tensor r = Autograd.newGradientLike(x);
            for (int i = 0; i < r.size(); i++) {
                assertEquals(0.0, r.getFlat(i), "a recycled gradient starts at zero");
                r.setFlat(i, g.getFlat(i));
            }
            arrays.add(r.floats());
            return new Tensor[] {r};
        }, x);
    }

    @Test void anArrayIsRecycledOnceTheLastReferenceDrops() {
        GradientBuffers b = GradientBuffers.beginPass();
        try {
            Tensor t = b.allocate(DType.F32, Shape.of(3, 4), true);
            t.fill(7);
            b.hold(t);
            b.hold(t.viewAs(12));
            b.drop(t);
            Tensor notYet = b.allocate(DType.F32, Shape.of(12), true);
            assertNotSame(t.floats(), notYet.floats(), "a view still refers to the array");
            b.drop(t);
            Tensor again = b.allocate(DType.F32, Shape.of(2, 6), true);
            assertSame(t.floats(), again.floats());
            for (int i = 0; i < again.size(); i++) assertEquals(0.0, again.getFlat(i));
        } finally {
            b.endPass();
        }
    }

    @Test void anArrayToOverwriteIsNotZeroedAndCanBePoisoned() {
        GradientBuffers b = GradientBuffers.beginPass();
        try {
            Tensor t = b.allocate(DType.F32, Shape.of(4), false).fill(3);
            b.hold(t);
            b.drop(t);
            assertEquals(3.0, b.allocate(DType.F32, Shape.of(4), false).getFlat(2), "left as it was");
            Tensor u = b.allocate(DType.F32, Shape.of(4), false).fill(3);
            b.hold(u);
            b.drop(u);
            Autograd.poisonRecycledGradients(true);
            assertTrue(Double.isNaN(b.allocate(DType.F32, Shape.of(4), false).getFlat(2)), "poisoned");
        } finally {
            Autograd.poisonRecycledGradients(false);
            b.endPass();
        }
    }

    @Test void arraysThatWereNeverReturnedByABackwardAreNotRecycled() {
        GradientBuffers b = GradientBuffers.beginPass();
        try {
            Tensor scratch = b.allocate(DType.F64, Shape.of(5), true);
            Tensor foreign = Tensor.zeros(DType.F64, 5);
            b.drop(foreign);
            b.hold(foreign);
            b.drop(foreign);
            Tensor next = b.allocate(DType.F64, Shape.of(5), true);
            assertNotSame(scratch.doubles(), next.doubles());
            assertNotSame(foreign.doubles(), next.doubles());
        } finally {
            b.endPass();
        }
    }

    @Test void aNestedPassOnTheSameThreadGetsNoBuffers() {
        GradientBuffers outer = GradientBuffers.beginPass();
        try {
            assertNull(GradientBuffers.beginPass());
            assertSame(outer, GradientBuffers.current());
        } finally {
            outer.endPass();
        }
        assertNull(GradientBuffers.current());
    }

    @Test void theNextPassReusesTheArraysOfThisOne() {
        Tensor x = Tensor.of(new float[] {1, -2, 3}, 3).requiresGradInPlace(true);
        List<float[]> first = new ArrayList<>(), second = new ArrayList<>();
        Functional.sum(probe(probe(x, first), first)).backward();
        Tensor firstGrad = x.grad();
        x.setGrad(null);
        Functional.sum(probe(probe(x, second), second)).backward();
        // the outer probe's result was consumed by the inner probe and recycled; the inner one went to the leaf
        assertSame(first.get(1), firstGrad.floats(), "the leaf kept the unshared gradient without a copy");
        assertTrue(second.stream().anyMatch(a -> a == first.get(0)), "pass 2 reuses an array of pass 1");
        assertTrue(second.stream().noneMatch(a -> a == firstGrad.floats()), "a leaf's gradient is never reused");
        assertNotSame(firstGrad.floats(), x.grad().floats());
        assertArrayEquals(new float[] {1, 1, 1}, firstGrad.toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, x.grad().toFloatArray());
    }

    @Test void theSeedIsNeverRecycledNorHandedToALeaf() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGradInPlace(true);
        Tensor seed = Tensor.of(new float[] {5, 6}, 2);
        List<float[]> arrays = new ArrayList<>();
        for (int pass = 0; pass < 3; pass++) {
            x.setGrad(null);
            Functional.add(probe(Functional.relu(x), arrays), x).backward(seed, false);
            assertArrayEquals(new float[] {5, 6}, seed.toFloatArray(), "the caller's seed is untouched");
            assertNotSame(seed.floats(), x.grad().floats());
            assertArrayEquals(new float[] {10, 12}, x.grad().toFloatArray());
        }
        for (float[] a : arrays) assertNotSame(seed.floats(), a);
    }

    /**
     * A graph with shared inputs, a tensor added to itself, views and sums of two paths, run for several passes
     * with every earlier leaf gradient kept alive: all passes give the same gradients, and the kept ones never
     * change (a recycled array shared with one of them would overwrite it).
     */
    @Test void gradientsKeptFromEarlierPassesNeverChange() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(DType.F32, rng, 4, 6);
        Tensor w1 = Tensor.randn(DType.F32, rng, 5, 4).requiresGradInPlace(true);
        Tensor b1 = Tensor.randn(DType.F32, rng, 5).requiresGradInPlace(true);
        Tensor w2 = Tensor.randn(DType.F32, rng, 3, 5).requiresGradInPlace(true);
        Tensor[] leaves = {w1, b1, w2};
        List<Tensor[]> kept = new ArrayList<>();
        List<float[][]> keptValues = new ArrayList<>();
        for (int pass = 0; pass < 5; pass++) {
            for (Tensor p : leaves) p.setGrad(null);
            Tensor h = Functional.relu(Functional.linear(x, w1, b1));
            Tensor twice = Functional.add(h, h);
            Tensor viewed = Functional.reshape(Functional.reshape(twice, 30), 5, 6);
            Tensor y = Functional.linear(Functional.add(viewed, h), w2, null);
            Functional.sum(Functional.mul(y, y)).backward();
            Tensor[] grads = {w1.grad(), b1.grad(), w2.grad()};
            float[][] values = new float[3][];
            for (int i = 0; i < 3; i++) values[i] = grads[i].toFloatArray();
            if (!keptValues.isEmpty()) {
                for (int i = 0; i < 3; i++) assertArrayEquals(keptValues.get(0)[i], values[i], "pass " + pass);
            }
            kept.add(grads);
            keptValues.add(values);
            for (int k = 0; k < kept.size(); k++) {
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(keptValues.get(k)[i], kept.get(k)[i].toFloatArray(),
                            "gradient of pass " + k + " after pass " + pass);
                }
            }
        }
        assertTrue(kept.size() == 5);
    }
}
