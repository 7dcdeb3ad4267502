package org.sparsetrain.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * A convolution's output consumed by {@code maxPool2dConsuming} holds the next output of its size; nothing else is
 * ever taken over (a caller's tensor, an output another op has used), the consumed tensor cannot be used again, and
 * results and gradients are those of the plain max pool (reference backend).
 */
class ActivationArraysTest {
    private static final Rng RNG = new Rng(3);
    /** [2][6][6][3] through a 3x3 convolution to 4 channels: [4][4][4][3], pooled 2x2. */
    private final Tensor x = Tensor.randn(DType.F32, RNG, 2, 6, 6, 3).requiresGradInPlace(true);
    private final Tensor w = Tensor.randn(DType.F32, RNG, 4, 2, 3, 3).requiresGradInPlace(true);
    private final Tensor b = Tensor.randn(DType.F32, RNG, 4).requiresGradInPlace(true);

    @BeforeEach @AfterEach void emptyPool() {
        ActivationArrays.clearThisThread();
        ActivationArrays.poisonRecycled(false);
    }

    private Tensor conv() { return Functional.conv2d(x, w, b, 1, 0, 1); }

    @Test void aConsumedOutputHoldsTheNextOutputOfItsSize() {
        Tensor y = conv();
        float[] array = y.floats();
        Functional.maxPool2dConsuming(y, 2, 2, 0);
        assertSame(array, conv().floats());
        assertNotSame(array, conv().floats(), "handed out once, not twice");
    }

    @Test void withoutAGraphTooTheArrayIsRecycled() {
        Tensor y;
        try (var off = GradMode.disabled()) {
            y = conv();
            Functional.maxPool2dConsuming(y, 2, 2, 0);
            assertSame(y.floats(), conv().floats());
        }
    }

    @Test void aConsumedTensorCannotBeUsedAgain() {
        Tensor y = conv();
        Functional.maxPool2dConsuming(y, 2, 2, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Functional.relu(y));
        assertTrue(e.getMessage().contains("maxPool2d (consuming its input)"), e.getMessage());
    }

    @Test void aCallersTensorIsNeverTakenOver() {
        Tensor mine = Tensor.randn(DType.F32, new Rng(9), 4, 4, 4, 3);
        float[] before = mine.toFloatArray();
        Functional.maxPool2dConsuming(mine, 2, 2, 0);
        Tensor next = conv();
        assertNotSame(mine.floats(), next.floats());
        assertArrayEquals(before, mine.toFloatArray());
    }

    @Test void anOutputAnotherOpHasUsedIsNotRecycled() {
        Tensor y = conv();
        Functional.sum(y); // a recorded use: its backward may need y
        Functional.maxPool2dConsuming(y, 2, 2, 0);
        assertNotSame(y.floats(), conv().floats());
    }

    @Test void valuesAndGradientsAreThoseOfThePlainPool() {
        Tensor plain = Functional.maxPool2d(conv(), 2, 2, 0);
        Functional.sum(Functional.mul(plain, plain)).backward();
        float[] gx = x.grad().toFloatArray(), gw = w.grad().toFloatArray(), gb = b.grad().toFloatArray();
        for (int step = 0; step < 3; step++) { // steps 1 and 2 run on recycled (poisoned) arrays
            ActivationArrays.poisonRecycled(true);
            for (Tensor t : new Tensor[] {x, w, b}) t.setGrad(null);
            Tensor consumed = Functional.maxPool2dConsuming(conv(), 2, 2, 0);
            assertArrayEquals(plain.toFloatArray(), consumed.toFloatArray(), "step " + step);
            Functional.sum(Functional.mul(consumed, consumed)).backward();
            assertArrayEquals(gx, x.grad().toFloatArray(), "input gradient, step " + step);
            assertArrayEquals(gw, w.grad().toFloatArray(), "weight gradient, step " + step);
            assertArrayEquals(gb, b.grad().toFloatArray(), "bias gradient, step " + step);
        }
    }

    @Test void recycledArraysArePoisonedForTests() {
        Tensor y = conv();
        Functional.maxPool2dConsuming(y, 2, 2, 0);
        ActivationArrays.poisonRecycled(true);
        Tensor t = ActivationArrays.newOutputToOverwrite(DType.F32, 4, 4, 4, 3);
        assertSame(y.floats(), t.floats());
        for (float v : t.toFloatArray()) assertTrue(Float.isNaN(v));
    }

    @Test void doubleOutputsAreAlwaysFreshAndZeroed() {
        Tensor a = ActivationArrays.newOutputToOverwrite(DType.F64, 2, 3);
        a.fill(7);
        Functional.maxPool2dConsuming(a.viewAs(1, 1, 2, 3), 1, 1, 0);
        Tensor c = ActivationArrays.newOutputToOverwrite(DType.F64, 2, 3);
        assertNotSame(a, c);
        for (double v : c.toDoubleArray()) assertTrue(v == 0.0);
    }

    @Test void negativeSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ActivationArrays.newOutputToOverwrite(DType.F32, 3, -1));
    }
}
