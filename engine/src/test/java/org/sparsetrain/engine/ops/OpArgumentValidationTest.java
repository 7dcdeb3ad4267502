package org.sparsetrain.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/** Bad arguments are rejected at the op's boundary with a message naming the op, the argument and the shapes. */
class OpArgumentValidationTest {

    private static Tensor z(int... dims) { return Tensor.zeros(DType.F32, dims); }

    private static Tensor z64(int... dims) { return Tensor.zeros(DType.F64, dims); }

    /** Asserts an {@link IllegalArgumentException} whose message contains every fragment; returns the message. */
    private static String assertRejects(Executable call, String... fragments) {
        String message = assertThrows(IllegalArgumentException.class, call).getMessage();
        for (String f : fragments) {
            assertTrue(message.contains(f), () -> "message should mention '" + f + "': " + message);
        }
        return message;
    }

    // ------------------------------------------------------------------ tensors and shapes

    @Test void shapesRejectZeroAndNegativeSizes() {
        assertRejects(() -> z(3, 0), "shape", "dimension 1 must be > 0, got 0", "[3, 0]");
        assertRejects(() -> z(-2), "shape", "dimension 0 must be > 0, got -2");
        assertRejects(() -> Tensor.of(new float[5], 2, 3), "5 values", "[2, 3]");
    }

    // ------------------------------------------------------------------ existing ops

    @Test void elementwiseRejectsIncompatibleShapesAndMixedDTypes() {
        assertRejects(() -> Functional.add(z(2, 3), z(4)), "add", "[2, 3]", "[4]");
        assertRejects(() -> Functional.div(z(2, 3), z(3, 3)), "div", "[2, 3]", "[3, 3]");
        assertRejects(() -> Functional.mul(z(2), z64(2)), "mul", "F32", "F64", "[2]");
    }

    @Test void matmulRejectsInnerMismatchRanksAndDTypes() {
        assertRejects(() -> Functional.matmul(z(2, 3), z(4, 5)), "matmul", "[2, 3]", "[4, 5]");
        assertRejects(() -> Functional.matmul(z(3), z(3, 1)), "matmul", "left operand", "rank 2", "[3]");
        assertRejects(() -> Functional.matmul(z(2, 3), z64(3, 1)), "matmul", "F32", "F64");
    }

    @Test void reshapeAndLayoutRejectBadShapes() {
        assertRejects(() -> Functional.reshape(z(2, 3), 4, 2), "reshape", "[2, 3]", "[4, 2]");
        assertRejects(() -> Functional.reshape(z(2, 3), 4, -1), "reshape", "[2, 3]", "-1");
        assertRejects(() -> Functional.toFeatureMajor(z(5)), "toFeatureMajor", "[5]");
        assertRejects(() -> Functional.toBatchMajor(z(5)), "toBatchMajor", "[5]");
    }

    // ------------------------------------------------------------------ linear and bias

    @Test void linearNamesFeaturesAndBothShapes() {
        String message = assertRejects(() -> Functional.linear(z(783, 32), z(300, 784), null));
        assertEquals("linear: input has 783 features (shape [783, 32]), weight [300, 784] expects 784", message);
        assertRejects(() -> Functional.linear(z(4, 2), z(3, 4), z(2)), "linear", "bias", "[2]", "[3, 4]");
        assertRejects(() -> Functional.linear(z(4, 2, 1), z(3, 4), null), "linear", "input", "rank 2", "[4, 2, 1]");
        assertRejects(() -> Functional.linear(z(4, 2), z(4), null), "linear", "weight", "rank 2", "[4]");
        assertRejects(() -> Functional.linear(z(4, 2), z64(3, 4), null), "linear", "weight", "F64", "[3, 4]", "F32");
        assertRejects(() -> Functional.linear(z(4, 2), z(3, 4), z64(3)), "linear", "bias", "F64", "F32");
        assertRejects(() -> Functional.linear(null, z(3, 4), null), "linear", "input", "null");
    }

    @Test void addRowBiasNeedsOneValuePerRow() {
        assertRejects(() -> Functional.addRowBias(z(3, 4), z(4)), "addRowBias", "bias", "[4]", "[3, 4]");
        assertRejects(() -> Functional.addRowBias(z(3, 4), z(3, 1)), "addRowBias", "[3, 1]", "[3, 4]");
        assertRejects(() -> Functional.addRowBias(z(3, 4), z64(3)), "addRowBias", "F64", "F32");
    }

    // ------------------------------------------------------------------ convolution

    @Test void conv2dNamesChannelsGroupsAndShapes() {
        assertRejects(() -> Functional.conv2d(z(3, 5, 5, 2), z(8, 4, 3, 3), null, 1, 0, 1),
                "conv2d", "input has 3 channels", "[3, 5, 5, 2]", "[8, 4, 3, 3]", "expects 4");
        assertRejects(() -> Functional.conv2d(z(4, 5, 5, 2), z(3, 2, 3, 3), null, 1, 0, 2),
                "conv2d", "groups=2", "[4, 5, 5, 2]", "[3, 2, 3, 3]");
        assertRejects(() -> Functional.conv2d(z(4, 5, 5, 2), z(8, 1, 3, 3), null, 1, 0, 3),
                "conv2d", "groups=3", "[4, 5, 5, 2]");
        assertRejects(() -> Functional.conv2d(z(1, 2, 2, 1), z(1, 1, 5, 5), null, 1, 1, 1),
                "conv2d", "kernel 5x5", "[1, 2, 2, 1]", "[1, 1, 5, 5]");
        assertRejects(() -> Functional.conv2d(z(1, 5, 5), z(1, 1, 3, 3), null, 1, 0, 1),
                "conv2d", "input", "rank 4", "[1, 5, 5]");
        assertRejects(() -> Functional.conv2d(z(1, 5, 5, 1), z(1, 3, 3), null, 1, 0, 1),
                "conv2d", "weight", "rank 4", "[1, 3, 3]");
        assertRejects(() -> Functional.conv2d(z(1, 5, 5, 1), z(1, 1, 3, 3), null, 0, 0, 1),
                "conv2d", "stride=0", "[1, 5, 5, 1]");
        assertRejects(() -> Functional.conv2d(z(1, 5, 5, 1), z(1, 1, 3, 3), null, 1, -1, 1),
                "conv2d", "padding=-1");
        assertRejects(() -> Functional.conv2d(z(1, 5, 5, 1), z(2, 1, 3, 3), z(3), 1, 0, 1),
                "conv2d", "bias", "[3]", "[2, 1, 3, 3]");
        assertRejects(() -> Functional.conv2d(z64(1, 5, 5, 1), z(2, 1, 3, 3), null, 1, 0, 1),
                "conv2d", "F64", "F32");
    }

    // ------------------------------------------------------------------ batch norm

    @Test void batchNormChecksChannelVectorsModeAndRank() {
        Tensor x = z(4, 2, 2, 3);
        assertRejects(() -> Functional.batchNorm2d(x, z(5), null, null, null, true, 0.1, 1e-5),
                "batchNorm2d", "gamma", "[5]", "[4, 2, 2, 3]");
        assertRejects(() -> Functional.batchNorm2d(x, null, z(4, 1), null, null, true, 0.1, 1e-5),
                "batchNorm2d", "beta", "[4, 1]", "[4, 2, 2, 3]");
        assertRejects(() -> Functional.batchNorm2d(x, null, null, z(3), z(4), true, 0.1, 1e-5),
                "batchNorm2d", "runningMean", "[3]", "[4, 2, 2, 3]");
        assertRejects(() -> Functional.batchNorm2d(x, null, null, null, null, false, 0.1, 1e-5),
                "batchNorm2d", "eval", "runningMean", "[4, 2, 2, 3]");
        assertRejects(() -> Functional.batchNorm2d(z(4, 1, 1, 1), null, null, null, null, true, 0.1, 1e-5),
                "batchNorm2d", "more than one value per channel", "[4, 1, 1, 1]");
        assertRejects(() -> Functional.batchNorm2d(z(4, 3), null, null, null, null, true, 0.1, 1e-5),
                "batchNorm2d", "input", "rank 4", "[4, 3]");
        assertRejects(() -> Functional.batchNorm2d(x, z64(4), null, null, null, true, 0.1, 1e-5),
                "batchNorm2d", "gamma", "F64", "F32");
        assertRejects(() -> Functional.batchNorm2d(x, null, null, null, null, true, 1.5, 1e-5),
                "batchNorm2d", "momentum", "1.5");
        assertRejects(() -> Functional.batchNorm2d(x, null, null, null, null, true, 0.1, 0),
                "batchNorm2d", "eps");
    }

    // ------------------------------------------------------------------ pooling and reshaping of images

    @Test void poolingChecksRankKernelAndPadding() {
        assertRejects(() -> Functional.maxPool2d(z(3, 4), 2, 2, 0), "maxPool2d", "input", "rank 4", "[3, 4]");
        assertRejects(() -> Functional.maxPool2d(z(1, 2, 2, 1), 3, 1, 0), "maxPool2d", "kernel 3x3", "[1, 2, 2, 1]");
        assertRejects(() -> Functional.maxPool2d(z(1, 4, 4, 1), 2, 2, 2), "maxPool2d", "padding=2", "[1, 4, 4, 1]");
        assertRejects(() -> Functional.avgPool2d(z(1, 4, 4, 1), 0, 1, 0), "avgPool2d", "kernel=0", "[1, 4, 4, 1]");
        assertRejects(() -> Functional.avgPool2d(z(1, 4, 4), 2, 2, 0), "avgPool2d", "input", "rank 4", "[1, 4, 4]");
        assertRejects(() -> Functional.globalAvgPool(z(3, 4)), "globalAvgPool", "rank 4", "[3, 4]");
        assertRejects(() -> Functional.flatten(z(6)), "flatten", "rank >= 2", "[6]");
    }

    @Test void dropoutChecksProbabilityAndGenerator() {
        assertRejects(() -> Functional.dropout(z(2, 3), 1.5, true, new Rng(1)), "dropout", "1.5", "[2, 3]");
        assertRejects(() -> Functional.dropout(z(2, 3), -0.1, false, null), "dropout", "-0.1", "[2, 3]");
        assertRejects(() -> Functional.dropout(z(2, 3), 0.5, true, null), "dropout", "rng");
    }

    // ------------------------------------------------------------------ classification head

    @Test void logSoftmaxNeedsClassesByBatch() {
        assertRejects(() -> Functional.logSoftmax(z(10)), "logSoftmax", "logits", "rank 2", "[10]");
        assertRejects(() -> Functional.logSoftmax(z(10, 2, 2)), "logSoftmax", "[10, 2, 2]");
    }

    @Test void crossEntropyValidatesLabels() {
        Tensor logits = z(5, 3);
        assertRejects(() -> Functional.crossEntropy(logits, new int[] {0, 1}, 0), "crossEntropy", "labels",
                "2 entries", "[5, 3]", "batch of 3");
        String message = assertRejects(() -> Functional.crossEntropy(logits, new int[] {0, 7, 1}, 0));
        assertEquals("crossEntropy: labels[1] = 7 is outside [0, 5) for logits [5, 3]", message);
        assertRejects(() -> Functional.crossEntropy(logits, new int[] {0, 1, -1}, 0), "crossEntropy",
                "labels[2] = -1", "[5, 3]");
        assertRejects(() -> Functional.crossEntropy(logits, new int[] {0, 1, 2}, 1.2), "crossEntropy",
                "labelSmoothing", "1.2");
        assertRejects(() -> Functional.crossEntropy(z(5), new int[] {0}, 0), "crossEntropy", "logits", "rank 2", "[5]");
        assertRejects(() -> Functional.crossEntropy(logits, null, 0), "crossEntropy", "labels", "null");
    }
}
