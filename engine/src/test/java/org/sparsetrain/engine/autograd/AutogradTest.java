package org.sparsetrain.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

/** The tape: accumulation, shared inputs, grad mode, deep graphs, retained and freed graphs, and misuse. */
class AutogradTest {
    private static final double TOL = 1e-12;

    private static Tensor leaf(double... v) { return Tensor.of(v, v.length).requiresGradInPlace(true); }

    private static Tensor constant(double... v) { return Tensor.of(v, v.length); }

    private static void assertValues(double[] expected, Tensor t) {
        assertArrayEquals(expected, t.toDoubleArray(), TOL, () -> t.toString());
    }

    // ------------------------------------------------------------------ gradients

    @Test void gradientsAccumulateAcrossBackwardCallsOnLeaves() {
        Tensor x = leaf(1, -2, 3);
        Functional.sum(Functional.mul(x, constant(2, 3, 4))).backward();
        assertValues(new double[] {2, 3, 4}, x.grad());
        Functional.sum(Functional.mul(x, x)).backward(); // d/dx sum(x^2) = 2x, added to the previous gradient
        assertValues(new double[] {2 + 2, 3 - 4, 4 + 6}, x.grad());
    }

    @Test void aTensorUsedTwiceGetsTheSumOfItsGradients() {
        Tensor x = leaf(1, 2), w = leaf(3, -1);
        // y = sum(x * w + x): dy/dx = w + 1, dy/dw = x
        Functional.sum(Functional.add(Functional.mul(x, w), x)).backward();
        assertValues(new double[] {4, 0}, x.grad());
        assertValues(new double[] {1, 2}, w.grad());
    }

    @Test void aDiamondSumsBothPaths() {
        Tensor x = leaf(-1, 2);
        Tensor a = Functional.mul(x, constant(3, 3));          // a = 3x
        Tensor y = Functional.sum(Functional.add(a, Functional.relu(a))); // y = 3x + relu(3x)
        y.backward();
        assertValues(new double[] {3, 6}, x.grad());
    }

    @Test void leavesThatDoNotRequireGradGetNone() {
        Tensor x = leaf(1, 2), c = constant(5, 6);
        Functional.sum(Functional.mul(x, c)).backward();
        assertNull(c.grad());
        assertValues(new double[] {5, 6}, x.grad());
    }

    // ------------------------------------------------------------------ grad mode

    @Test void gradModeDisabledRecordsNothingAndRestoresOnClose() {
        Tensor x = leaf(1, 2);
        Tensor y;
        try (var _ = GradMode.disabled()) {
            assertFalse(GradMode.isEnabled());
            y = Functional.sum(Functional.mul(x, x));
        }
        assertTrue(GradMode.isEnabled());
        assertNull(y.gradFn());
        assertFalse(y.requiresGrad());
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
        assertTrue(Functional.sum(Functional.mul(x, x)).requiresGrad(), "recording resumes after the scope");
    }

    @Test void gradModeScopesNest() {
        try (var _ = GradMode.disabled()) {
            try (var _ = GradMode.enabled()) {
                assertTrue(GradMode.isEnabled());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
    }

    // ------------------------------------------------------------------ deep graphs

    @Test void aChainOf20000OpsDoesNotOverflowASmallStack() throws InterruptedException {
        int depth = 20_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<double[]> grad = new AtomicReference<>();
        // A 256 KiB stack: a recursive walk of 20,000 nodes would overflow it.
        Thread t = new Thread(null, () -> {
            try {
                Tensor x = leaf(1, 2);
                Tensor factor = constant(1.0001, 0.9999);
                Tensor y = x;
                for (int i = 0; i < depth; i++) y = Functional.mul(y, factor);
                Functional.sum(y).backward();
                grad.set(x.grad().toDoubleArray());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack-backward", 256 * 1024);
        t.start();
        t.join();
        if (failure.get() != null) throw new AssertionError("backward of a deep chain failed", failure.get());
        assertArrayEquals(new double[] {Math.pow(1.0001, depth), Math.pow(0.9999, depth)}, grad.get(), 1e-9);
    }

    // ------------------------------------------------------------------ retained and freed graphs

    @Test void retainGraphAllowsASecondBackward() {
        Tensor x = leaf(1, 2);
        Tensor y = Functional.sum(Functional.mul(x, x));
        Tensor one = Tensor.scalar(DType.F64, 1);
        y.backward(one, true);
        y.backward(one, true);
        assertValues(new double[] {4, 8}, x.grad());
        y.backward(); // the last one may free the graph
        assertValues(new double[] {6, 12}, x.grad());
    }

    @Test void aSecondBackwardOnAFreedGraphFailsNamingTheOp() {
        Tensor x = leaf(1, 2);
        Tensor y = Functional.sum(Functional.mul(x, x));
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("'sum'") && e.getMessage().contains("already freed")
                && e.getMessage().contains("retainGraph"), e.getMessage());
    }

    // ------------------------------------------------------------------ misuse

    @Test void backwardWithoutAGraphNamesTheShape() {
        Tensor y = Tensor.scalar(DType.F64, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().startsWith("backward:") && e.getMessage().contains("[]")
                && e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test void aNonScalarRootNeedsASeedOfItsShape() {
        Tensor y = Functional.mul(leaf(1, 2, 3), constant(1, 1, 1));
        IllegalArgumentException noSeed = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(noSeed.getMessage().contains("seed") && noSeed.getMessage().contains("[3]"), noSeed.getMessage());
        IllegalArgumentException wrongSeed = assertThrows(IllegalArgumentException.class,
                () -> y.backward(Tensor.zeros(DType.F64, 2), false));
        assertTrue(wrongSeed.getMessage().contains("[2]") && wrongSeed.getMessage().contains("[3]"),
                wrongSeed.getMessage());
    }

    @Test void aNaNOrInfiniteLossIsRefusedNamingTheOp() {
        Tensor x = leaf(1, 2);
        Tensor nan = Functional.mean(Functional.mul(x, constant(Double.NaN, 1)));
        ArithmeticException e = assertThrows(ArithmeticException.class, nan::backward);
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("mean"), e.getMessage());
        Tensor inf = Functional.sum(Functional.div(x, constant(0, 1)));
        ArithmeticException e2 = assertThrows(ArithmeticException.class, inf::backward);
        assertTrue(e2.getMessage().contains("Infinity") && e2.getMessage().contains("sum"), e2.getMessage());
        assertNull(x.grad(), "a refused backward leaves the gradients untouched");
    }

    @Test void aBackwardReturningAWronglyShapedGradientIsCaughtCentrally() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = Autograd.record("broken", Tensor.zeros(DType.F64, 3),
                g -> new Tensor[] {Tensor.zeros(DType.F64, 2)}, x);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> y.backward(Tensor.zeros(DType.F64, 3), false));
        assertTrue(e.getMessage().contains("'broken'") && e.getMessage().contains("[2]")
                && e.getMessage().contains("[3]"), e.getMessage());
        Tensor z = Autograd.record("tooMany", Tensor.zeros(DType.F64, 3),
                g -> new Tensor[] {g, g}, x);
        IllegalStateException e2 = assertThrows(IllegalStateException.class,
                () -> z.backward(Tensor.zeros(DType.F64, 3), false));
        assertTrue(e2.getMessage().contains("'tooMany'") && e2.getMessage().contains("2 gradients"), e2.getMessage());
        assertEquals(null, x.grad());
    }
}
