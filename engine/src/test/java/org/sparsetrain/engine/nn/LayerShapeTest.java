package org.sparsetrain.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/** Layer construction and the input-shape messages at the layers' boundaries. */
class LayerShapeTest {

    @Test void linearHasPyTorchShapesAndDefaultInitBounds() {
        Linear l = new Linear(784, 300, true, new Rng(1));
        assertEquals("[300, 784]", l.weight().shape().toString());
        assertEquals("[300]", l.bias().shape().toString());
        double bound = 1 / Math.sqrt(784);
        double maxAbs = 0;
        for (double v : l.weight().data().toDoubleArray()) maxAbs = Math.max(maxAbs, Math.abs(v));
        for (double v : l.bias().data().toDoubleArray()) maxAbs = Math.max(maxAbs, Math.abs(v));
        assertEquals(true, maxAbs <= bound, "max |w| " + maxAbs + " exceeds 1/sqrt(in) " + bound);
        assertEquals(true, maxAbs > 0.95 * bound, "235k draws should reach near the bound, max " + maxAbs);
    }

    @Test void linearRejectsWrongFeatureCountWithAClearMessage() {
        Linear l = new Linear(784, 300, true, new Rng(2));
        var e = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(783, 128)));
        assertEquals("Linear(784->300): input has 783 features (shape [783, 128]); inputs are feature-major "
                + "[features, batch] with 784 features", e.getMessage());
        var rank = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(784)));
        assertEquals(true, rank.getMessage().contains("input has rank 1"), rank.getMessage());
    }

    @Test void conv2dWeightShapeAndGroupValidation() {
        Conv2d c = new Conv2d(8, 16, 3, 1, 1, 2, true, new Rng(3));
        assertEquals("[16, 4, 3, 3]", c.weight().shape().toString());
        double bound = 1 / Math.sqrt(4 * 9);
        for (double v : c.weight().data().toDoubleArray()) assertEquals(true, Math.abs(v) <= bound);
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(6, 16, 3, 1, 1, 4, true, new Rng(4)));
        var e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(3, 5, 5, 2)));
        assertEquals(true, e.getMessage().contains("input has 3 channels (shape [3, 5, 5, 2])"), e.getMessage());
    }

    @Test void batchNormStartsAtIdentityStatistics() {
        BatchNorm2d bn = new BatchNorm2d(3);
        for (int c = 0; c < 3; c++) {
            assertEquals(1.0, bn.weight().data().getFlat(c));
            assertEquals(0.0, bn.bias().data().getFlat(c));
            assertEquals(0.0, bn.runningMean().getFlat(c));
            assertEquals(1.0, bn.runningVar().getFlat(c));
        }
        assertEquals(0L, bn.numBatchesTracked());
        assertEquals(0.1, bn.momentum());
        assertEquals(1e-5, bn.eps());
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(2, 4, 4, 1)));
    }

    @Test void poolingAndDropoutValidateArguments() {
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, new Rng(5)));
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).forward(Tensor.zeros(4, 4)));
        assertEquals(true, e.getMessage().contains("[C, H, W, batch]"), e.getMessage());
    }

    @Test void toFeatureMajorMovesTheBatchLast() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor y = new ToFeatureMajor().forward(x);
        assertEquals("[3, 2]", y.shape().toString());
        assertEquals(4.0, y.get(0, 1));
        assertEquals(3.0, y.get(2, 0));
    }

    @Test void flattenPassesFeatureMajorMatricesThrough() {
        Tensor x = Tensor.zeros(5, 7);
        assertEquals(x, new Flatten().forward(x));
    }
}
