package org.sparsetrain.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/** The layers wire their parameters and mode into the ops as documented. */
class LayerForwardTest {

    @Test void linearIsWeightTimesInputPlusBias() {
        Rng rng = new Rng(1);
        Linear l = new Linear(3, 2, true, DType.F64, rng);
        Tensor x = Tensor.randn(DType.F64, rng, 3, 5);
        Tensor y = l.forward(x);
        Tensor expected = Functional.add(Functional.matmul(l.weight().data(), x),
                Functional.reshape(l.bias().data(), 2, 1));
        assertArrayEquals(expected.toDoubleArray(), y.toDoubleArray(), 1e-12);
        y.backward(Tensor.zerosLike(y).fill(1), false);
        assertEquals(5.0, l.bias().grad().getFlat(0), 1e-12, "d sum(y) / d b = N");
    }

    @Test void batchNormUpdatesRunningStatisticsOnlyInTraining() {
        BatchNorm2d bn = new BatchNorm2d(2);
        Tensor x = Tensor.randn(DType.F32, new Rng(2), 2, 3, 3, 4).fill(3.0);
        bn.forward(x);
        assertEquals(1L, bn.numBatchesTracked());
        assertEquals(0.3, bn.runningMean().getFlat(0), 1e-6, "0.9 * 0 + 0.1 * 3");
        bn.eval();
        Tensor before = bn.runningMean().copy();
        bn.forward(x);
        assertEquals(1L, bn.numBatchesTracked());
        assertArrayEquals(before.toFloatArray(), bn.runningMean().toFloatArray());
    }

    @Test void dropoutIsIdentityInEvalAndMasksInTraining() {
        Dropout d = new Dropout(0.5, new Rng(3));
        Tensor x = Tensor.full(DType.F32, 1.0, 100, 4);
        assertNotEquals(x.toDoubleArray()[0] * 400, sum(d.forward(x)), "training mode drops some elements");
        d.eval();
        assertArrayEquals(x.toFloatArray(), d.forward(x).toFloatArray());
    }

    @Test void convPoolFlattenStackRunsFeatureMajor() {
        Rng rng = new Rng(4);
        Sequential net = new Sequential(new ToFeatureMajor(), new Conv2d(1, 4, 3, 1, 1, 1, true, rng), new BatchNorm2d(4),
                new ReLU(), new MaxPool2d(2), new AvgPool2d(2), new Flatten(), new Linear(4 * 2 * 2, 3, true, rng));
        Tensor y = net.forward(Tensor.randn(DType.F32, rng, 5, 1, 8, 8)); // batch-major [N, C, H, W]
        assertEquals("[3, 5]", y.shape().toString());
        Sequential gap = new Sequential(new Conv2d(2, 6, 3, 2, 0, 2, false, rng), new GlobalAvgPool2d());
        assertEquals("[6, 3]", gap.forward(Tensor.randn(DType.F32, rng, 2, 7, 7, 3)).shape().toString());
    }

    @Test void flattenOfAnImageIsAView() {
        Tensor x = Tensor.randn(DType.F32, new Rng(5), 2, 3, 3, 4);
        Tensor y = new Flatten().forward(x);
        assertEquals("[18, 4]", y.shape().toString());
        assertSame(x.floats(), y.floats());
    }

    private static double sum(Tensor t) {
        double s = 0;
        for (double v : t.toDoubleArray()) s += v;
        return s;
    }
}
