package org.sparsetrain.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Every op runs in F32 as well as F64: an F32 run keeps F32 outputs and gradients, and agrees with the F64 run
 * of the same values to single precision. Runs on whatever backend is selected.
 */
class OpDTypeTest {

    record Case(String name, Function<Tensor[], Tensor> op, int[][] inputDims) {
        @Override public String toString() { return name; }
    }

    static Stream<Arguments> cases() {
        int[] labels = {2, 0, 1};
        return Stream.of(
                new Case("add", t -> Functional.add(t[0], t[1]), new int[][] {{3, 4}, {4}}),
                new Case("div", t -> Functional.div(t[0], Functional.add(Functional.mul(t[1], t[1]), t[2])),
                        new int[][] {{3, 4}, {3, 1}, {1}}),
                new Case("matmul", t -> Functional.matmul(t[0], t[1]), new int[][] {{3, 5}, {5, 2}}),
                new Case("linear", t -> Functional.linear(t[0], t[1], t[2]), new int[][] {{5, 3}, {4, 5}, {4}}),
                new Case("addRowBias", t -> Functional.addRowBias(t[0], t[1]), new int[][] {{3, 2, 2, 2}, {3}}),
                new Case("relu", t -> Functional.relu(t[0]), new int[][] {{4, 3}}),
                new Case("mean", t -> Functional.mean(t[0]), new int[][] {{4, 3}}),
                new Case("layout", t -> Functional.toBatchMajor(Functional.toFeatureMajor(t[0])), new int[][] {{3, 2, 2}}),
                new Case("conv2d", t -> Functional.conv2d(t[0], t[1], t[2], 2, 1, 2), new int[][] {{4, 5, 5, 2}, {2, 2, 3, 3}, {2}}),
                new Case("batchNorm2d", t -> Functional.batchNorm2d(t[0], t[1], t[2], null, null, true, 0.1, 1e-5),
                        new int[][] {{3, 2, 3, 2}, {3}, {3}}),
                new Case("maxPool2d", t -> Functional.maxPool2d(t[0], 2, 2, 1), new int[][] {{2, 3, 3, 2}}),
                new Case("avgPool2d", t -> Functional.avgPool2d(t[0], 3, 1, 1), new int[][] {{2, 3, 3, 2}}),
                new Case("globalAvgPool", t -> Functional.globalAvgPool(t[0]), new int[][] {{2, 3, 3, 2}}),
                new Case("flatten", t -> Functional.flatten(t[0]), new int[][] {{2, 3, 3, 2}}),
                new Case("dropout", t -> Functional.dropout(t[0], 0.3, true, new Rng(5)), new int[][] {{4, 6}}),
                new Case("logSoftmax", t -> Functional.logSoftmax(t[0]), new int[][] {{4, 3}}),
                new Case("crossEntropy", t -> Functional.crossEntropy(t[0], labels, 0.1), new int[][] {{4, 3}})
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void f32AgreesWithF64(Case c) {
        Rng rng = new Rng(c.name().hashCode());
        Tensor[] in64 = new Tensor[c.inputDims().length], in32 = new Tensor[in64.length];
        for (int i = 0; i < in64.length; i++) {
            // values exactly representable in F32, so both runs start from the same numbers
            in64[i] = Tensor.randn(DType.F32, rng, c.inputDims()[i]).to(DType.F64).requiresGradInPlace(true);
            in32[i] = in64[i].to(DType.F32).requiresGradInPlace(true);
        }
        Tensor out64 = run(c, in64), out32 = run(c, in32);
        assertEquals(DType.F32, out32.dtype(), c.name() + ": output dtype");
        assertClose(c.name() + " output", out64, out32);
        for (int i = 0; i < in64.length; i++) {
            assertEquals(DType.F32, in32[i].grad().dtype(), c.name() + ": gradient dtype of input " + i);
            assertClose(c.name() + " gradient of input " + i, in64[i].grad(), in32[i].grad());
        }
    }

    private static Tensor run(Case c, Tensor[] inputs) {
        Tensor out = c.op().apply(inputs);
        Tensor r = Tensor.randn(out.dtype(), new Rng(17), out.shape().dims());
        Functional.sum(Functional.mul(out, r)).backward();
        return out;
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape(), what);
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i);
            assertEquals(e, actual.getFlat(i), 1e-4 * (1 + Math.abs(e)), what + " at flat index " + i);
        }
    }
}
