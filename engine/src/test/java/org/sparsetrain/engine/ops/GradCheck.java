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
                    double[] numericAndRounding = numericDerivative(f, inputs, r, in, j);
                    double numeric = numericAndRounding[0];
                    double analytic = in.grad().getFlat(j);
                    double tol = ATOL + RTOL * Math.max(Math.abs(analytic), Math.abs(numeric)) + numericAndRounding[1];
                    String where = what + ": d loss / d input[" + i + "] " + in.shape() + ", flat element " + j;
                    assertEquals(numeric, analytic, tol, where);
                }
            }
        }
    }

    /**
     * The central difference and a bound on its rounding error. {@code L(x ± EPS)} are sums of many terms, each
     * rounded; their difference divided by {@code 2·EPS} magnifies that rounding by {@code 1/EPS}. With
     * {@code Σ|out·R|} near 100 this reaches 1e-8, so a fixed absolute tolerance fails at random on small
     * derivatives of large outputs (seen once in 250 conv2d tries) while the analytic value is right. The bound
     * allows 16 units of rounding of each weighted sum.
     */
    private static double[] numericDerivative(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor r, Tensor in,
                                              int j) {
        double original = in.getFlat(j);
        try (var _ = GradMode.disabled()) {
            in.setFlat(j, original + EPS);
            double[] plus = weightedSum(f.apply(inputs), r);
            in.setFlat(j, original - EPS);
            double[] minus = weightedSum(f.apply(inputs), r);
            double rounding = 16 * Math.ulp(1.0) * (plus[1] + minus[1]) / (2 * EPS);
            return new double[] {(plus[0] - minus[0]) / (2 * EPS), rounding};
        } finally {
            in.setFlat(j, original);
        }
    }

    /** {@code Σ out·R} and {@code Σ |out·R|}, the scale of its rounding error. */
    private static double[] weightedSum(Tensor out, Tensor r) {
        double s = 0, abs = 0;
        for (int i = 0; i < out.size(); i++) {
            double t = out.getFlat(i) * r.getFlat(i);
            s += t;
            abs += Math.abs(t);
        }
        return new double[] {s, abs};
    }
}
