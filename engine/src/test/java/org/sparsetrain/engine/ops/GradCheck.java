package org.sparsetrain.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.function.Function;

import org.sparsetrain.engine.autograd.GradMode;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Compares an op's backward with central finite differences in double precision on the reference backend.
 *
 * <p>The scalar checked is {@code L = sum(f(inputs) * R)} with a fixed random {@code R}, so every output element
 * contributes with its own weight (a plain sum would hide errors that cancel across outputs).
 */
final class GradCheck {
    static final double EPS = 1e-6;
    static final double RTOL = 1e-6;
    static final double ATOL = 1e-8;

    private GradCheck() {}

    /** F64 leaf of standard-normal values that requires a gradient. */
    static Tensor leaf(Rng rng, int... dims) {
        return Tensor.randn(DType.F64, rng, dims).requiresGradInPlace(true);
    }

    /**
     * Checks the gradient of every input that requires one. {@code f} must be deterministic (a dropout inside
     * it must draw from a freshly seeded generator on every call).
     */
    static void check(String what, long seed, Function<Tensor[], Tensor> f, Tensor... inputs) {
        try (var _ = Backends.use(Backends.reference())) {
            Tensor out = f.apply(inputs);
            Tensor r = Tensor.randn(DType.F64, new Rng(seed ^ 0x5DEECE66DL), out.shape().dims());
            Tensor loss = Functional.sum(Functional.mul(out, r));
            loss.backward();
            for (int i = 0; i < inputs.length; i++) {
                Tensor in = inputs[i];
                if (in == null || !in.requiresGrad()) continue;
                assertNotNull(in.grad(), what + ": no gradient reached input " + i + " " + in.shape());
                for (int j = 0; j < in.size(); j++) {
                    double numeric = numericDerivative(f, inputs, r, in, j);
                    double analytic = in.grad().getFlat(j);
                    double tol = ATOL + RTOL * Math.max(Math.abs(analytic), Math.abs(numeric));
                    String where = what + ": d loss / d input[" + i + "] " + in.shape() + ", flat element " + j;
                    assertEquals(numeric, analytic, tol, where);
                }
            }
        }
    }

    private static double numericDerivative(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor r, Tensor in, int j) {
        double original = in.getFlat(j);
        try (var _ = GradMode.disabled()) {
            in.setFlat(j, original + EPS);
            double plus = weightedSum(f.apply(inputs), r);
            in.setFlat(j, original - EPS);
            double minus = weightedSum(f.apply(inputs), r);
            return (plus - minus) / (2 * EPS);
        } finally {
            in.setFlat(j, original);
        }
    }

    private static double weightedSum(Tensor out, Tensor r) {
        double s = 0;
        for (int i = 0; i < out.size(); i++) s += out.getFlat(i) * r.getFlat(i);
        return s;
    }
}
