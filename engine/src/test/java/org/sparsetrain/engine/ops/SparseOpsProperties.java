package org.sparsetrain.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The sparse ops against their definition: a sparse weight computes exactly what the dense op computes on
 * {@code W ⊙ M} (MASKED), for the output, the input gradient and the weight gradient at active positions, and its
 * dense gradient (when requested) equals the dense op's weight gradient. F64 on the reference backend, densities
 * from 1 % to 100 %, odd shapes, batch 1, 7 and 128; plus finite-difference checks of both gradients.
 */
class SparseOpsProperties {

    static boolean[] mask(Rng rng, int n, double density) {
        boolean[] m = new boolean[n];
        int active = 0;
        for (int i = 0; i < n; i++) if (m[i] = rng.nextDouble() < density) active++;
        if (active == 0) m[rng.nextInt(n)] = true; // a sparse weight has at least one active position
        return m;
    }

    /** A parameter with zeros at inactive positions (the MASKED weight) and its sparse twin. */
    static Parameter[] maskedAndSparse(Rng rng, boolean[] m, int... dims) {
        Tensor w = Tensor.randn(DType.F64, rng, dims);
        for (int i = 0; i < m.length; i++) if (!m[i]) w.setFlat(i, 0.0);
        Parameter dense = new Parameter(w.copy());
        Parameter sparse = new Parameter(w.copy());
        sparse.sparsify(SparsityPattern.fromMask(m, dims[0], m.length / dims[0]));
        return new Parameter[] {dense, sparse};
    }

    static void assertClose(String what, Tensor expected, Tensor actual) {
        assertEquals(expected.size(), actual.size(), what + ": size");
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i), a = actual.getFlat(i);
            assertEquals(e, a, 1e-10 * (1 + Math.abs(e)), what + " at " + i);
        }
    }

    /** The dense gradient at the active positions of {@code p}, in value order. */
    static Tensor active(Parameter p, Tensor denseGrad) {
        Tensor out = Tensor.zeros(DType.F64, p.pattern().nnz());
        p.pattern().gather(denseGrad.doubles(), denseGrad.offset(), out.doubles(), out.offset());
        return out;
    }

    @Property(tries = 40)
    void sparseLinearEqualsMaskedLinear(@ForAll @IntRange(min = 1, max = 23) int out,
                                        @ForAll @IntRange(min = 1, max = 29) int in,
                                        @ForAll("batches") int n,
                                        @ForAll @DoubleRange(min = 0.01, max = 1.0) double density,
                                        @ForAll boolean requestDense, @ForAll long seed) {
        Rng rng = new Rng(seed);
        boolean[] m = mask(rng, out * in, density);
        Parameter[] w = maskedAndSparse(rng, m, out, in);
        Tensor b = Tensor.randn(DType.F64, rng, out).requiresGradInPlace(true);
        Tensor x = Tensor.randn(DType.F64, rng, in, n);
        Tensor seedGrad = Tensor.randn(DType.F64, rng, out, n);
        w[1].requestDenseGradient(requestDense);
        try (var _ = Backends.use(Backends.reference())) {
            Tensor x0 = x.copy().requiresGradInPlace(true), x1 = x.copy().requiresGradInPlace(true);
            Tensor y0 = Functional.linear(x0, w[0].data(), b);
            Tensor y1 = SparseLinear.apply(x1, w[1], b);
            assertClose("forward", y0, y1);
            y0.backward(seedGrad, false);
            y1.backward(seedGrad, false);
            assertClose("input gradient", x0.grad(), x1.grad());
            assertClose("weight gradient at active positions", active(w[1], w[0].grad()), w[1].grad());
            if (requestDense) assertClose("dense gradient", w[0].grad(), w[1].denseGradient());
            else assertEquals(null, w[1].denseGradient());
        }
    }

    @Property(tries = 25)
    void sparseConvEqualsMaskedConv(@ForAll @IntRange(min = 1, max = 5) int ci, @ForAll @IntRange(min = 1, max = 6) int co,
                                    @ForAll @IntRange(min = 1, max = 3) int k, @ForAll @IntRange(min = 1, max = 2) int stride,
                                    @ForAll @IntRange(min = 0, max = 1) int padding,
                                    @ForAll @IntRange(min = 3, max = 7) int hw, @ForAll("batches") int n,
                                    @ForAll @DoubleRange(min = 0.01, max = 1.0) double density,
                                    @ForAll boolean requestDense, @ForAll long seed) {
        Rng rng = new Rng(seed);
        boolean[] m = mask(rng, co * ci * k * k, density);
        Parameter[] w = maskedAndSparse(rng, m, co, ci, k, k);
        Tensor x = Tensor.randn(DType.F64, rng, ci, hw, hw + 1, n);
        w[1].requestDenseGradient(requestDense);
        try (var _ = Backends.use(Backends.reference())) {
            Tensor x0 = x.copy().requiresGradInPlace(true), x1 = x.copy().requiresGradInPlace(true);
            Tensor y0 = Functional.conv2d(x0, w[0].data(), null, stride, padding, 1);
            Tensor y1 = SparseConv2d.apply(x1, w[1], null, stride, padding);
            assertClose("forward", y0, y1);
            Tensor seedGrad = Tensor.randn(DType.F64, rng, y0.shape().dims());
            y0.backward(seedGrad, false);
            y1.backward(seedGrad, false);
            assertClose("input gradient", x0.grad(), x1.grad());
            assertClose("weight gradient at active positions", active(w[1], w[0].grad()), w[1].grad());
            if (requestDense) assertClose("dense gradient", w[0].grad(), w[1].denseGradient());
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> batches() {
        return net.jqwik.api.Arbitraries.of(1, 7, 128);
    }

    @Property(tries = 10)
    void sparseLinearGradientsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 6) int out,
                                                     @ForAll @IntRange(min = 1, max = 7) int in,
                                                     @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Parameter w = maskedAndSparse(rng, mask(rng, out * in, 0.4), out, in)[1];
        Tensor x = GradCheck.leaf(rng, in, n), b = GradCheck.leaf(rng, out);
        GradCheck.check("sparse linear", seed, t -> SparseLinear.apply(t[0], w, t[2]), x, w.data(), b);
        assertNotNull(w.grad());
    }

    @Property(tries = 8)
    void sparseConvGradientsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int ci,
                                                   @ForAll @IntRange(min = 1, max = 3) int co,
                                                   @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Parameter w = maskedAndSparse(rng, mask(rng, co * ci * 9, 0.5), co, ci, 3, 3)[1];
        Tensor x = GradCheck.leaf(rng, ci, 5, 4, 2), b = GradCheck.leaf(rng, co);
        GradCheck.check("sparse conv2d", seed, t -> SparseConv2d.apply(t[0], w, t[2], stride, 1), x, w.data(), b);
    }
}
