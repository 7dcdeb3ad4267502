package org.sparsetrain.engine.ops;

import static org.sparsetrain.engine.ops.GradCheck.check;
import static org.sparsetrain.engine.ops.GradCheck.leaf;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Every op's backward against central finite differences (F64, reference backend), one property per op.
 * Dimensions range over small sizes that include 1 and primes; jqwik prints the failing sizes and seed.
 */
class OpGradientProperties {
    private static final int TRIES = 25;

    // ------------------------------------------------------------------ elementwise with broadcasting

    @Property(tries = TRIES)
    void addBroadcast(@ForAll @IntRange(min = 1, max = 5) int d0, @ForAll @IntRange(min = 1, max = 5) int d1,
                      @ForAll @IntRange(min = 1, max = 3) int d2, @ForAll @IntRange(max = 7) int onesA,
                      @ForAll @IntRange(max = 7) int onesB, @ForAll @IntRange(max = 2) int dropB, @ForAll long seed) {
        binary(BinaryOp.ADD, d0, d1, d2, onesA, onesB, dropB, seed);
    }

    @Property(tries = TRIES)
    void subBroadcast(@ForAll @IntRange(min = 1, max = 5) int d0, @ForAll @IntRange(min = 1, max = 5) int d1,
                      @ForAll @IntRange(min = 1, max = 3) int d2, @ForAll @IntRange(max = 7) int onesA,
                      @ForAll @IntRange(max = 7) int onesB, @ForAll @IntRange(max = 2) int dropB, @ForAll long seed) {
        binary(BinaryOp.SUB, d0, d1, d2, onesA, onesB, dropB, seed);
    }

    @Property(tries = TRIES)
    void mulBroadcast(@ForAll @IntRange(min = 1, max = 5) int d0, @ForAll @IntRange(min = 1, max = 5) int d1,
                      @ForAll @IntRange(min = 1, max = 3) int d2, @ForAll @IntRange(max = 7) int onesA,
                      @ForAll @IntRange(max = 7) int onesB, @ForAll @IntRange(max = 2) int dropB, @ForAll long seed) {
        binary(BinaryOp.MUL, d0, d1, d2, onesA, onesB, dropB, seed);
    }

    @Property(tries = TRIES)
    void divBroadcast(@ForAll @IntRange(min = 1, max = 5) int d0, @ForAll @IntRange(min = 1, max = 5) int d1,
                      @ForAll @IntRange(min = 1, max = 3) int d2, @ForAll @IntRange(max = 7) int onesA,
                      @ForAll @IntRange(max = 7) int onesB, @ForAll @IntRange(max = 2) int dropB, @ForAll long seed) {
        binary(BinaryOp.DIV, d0, d1, d2, onesA, onesB, dropB, seed);
    }

    /**
     * Operands of the full shape {@code [d0, d1, d2]} with the dimensions flagged in {@code onesA}/{@code onesB}
     * set to 1, and {@code dropB} leading dimensions removed from b (rank broadcasting).
     */
    private static void binary(BinaryOp op, int d0, int d1, int d2, int onesA, int onesB, int dropB, long seed) {
        int[] full = {d0, d1, d2};
        int[] a = withOnes(full, onesA);
        int[] bFull = withOnes(full, onesB);
        int[] b = java.util.Arrays.copyOfRange(bFull, dropB, 3);
        Rng rng = new Rng(seed);
        Tensor ta = leaf(rng, a), tb = leaf(rng, b);
        if (op == BinaryOp.DIV) awayFromZero(tb, 0.5);
        check(op + " " + Broadcast.str(a) + " " + Broadcast.str(b), seed,
                in -> ElementwiseBinary.apply(op, in[0], in[1]), ta, tb);
    }

    private static int[] withOnes(int[] dims, int mask) {
        int[] out = dims.clone();
        for (int i = 0; i < out.length; i++) if ((mask & (1 << i)) != 0) out[i] = 1;
        return out;
    }

    /** Moves every value to at least {@code margin} away from zero, keeping its sign. */
    private static void awayFromZero(Tensor t, double margin) {
        for (int i = 0; i < t.size(); i++) {
            double v = t.getFlat(i);
            t.setFlat(i, (v >= 0 ? 1 : -1) * (margin + Math.abs(v)));
        }
    }

    // ------------------------------------------------------------------ dense algebra

    @Property(tries = TRIES)
    void matmul(@ForAll @IntRange(min = 1, max = 7) int m, @ForAll @IntRange(min = 1, max = 7) int k,
                @ForAll @IntRange(min = 1, max = 7) int n, @ForAll long seed) {
        Rng rng = new Rng(seed);
        check("matmul", seed, in -> Functional.matmul(in[0], in[1]), leaf(rng, m, k), leaf(rng, k, n));
    }

    @Property(tries = TRIES)
    void linear(@ForAll @IntRange(min = 1, max = 7) int in, @ForAll @IntRange(min = 1, max = 7) int out,
                @ForAll @IntRange(min = 1, max = 5) int n, @ForAll boolean withBias, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor b = withBias ? leaf(rng, out) : null;
        check("linear", seed, t -> Functional.linear(t[0], t[1], t[2]), leaf(rng, in, n), leaf(rng, out, in), b);
    }

    @Property(tries = TRIES)
    void addRowBias(@ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 3) int h,
                    @ForAll @IntRange(min = 1, max = 3) int n, @ForAll boolean image, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = image ? leaf(rng, rows, h, h + 1, n) : leaf(rng, rows, n);
        check("addRowBias", seed, t -> Functional.addRowBias(t[0], t[1]), x, leaf(rng, rows));
    }

    // ------------------------------------------------------------------ elementwise, reductions, layout

    @Property(tries = TRIES)
    void relu(@ForAll @IntRange(min = 1, max = 5) int d0, @ForAll @IntRange(min = 1, max = 7) int d1,
              @ForAll long seed) {
        Tensor x = leaf(new Rng(seed), d0, d1);
        awayFromZero(x, 0.1); // the kink at 0 has no derivative; keep finite differences off it
        check("relu", seed, t -> Functional.relu(t[0]), x);
    }

    @Property(tries = TRIES)
    void sum(@ForAll @IntRange(min = 1, max = 5) int d0, @ForAll @IntRange(min = 1, max = 7) int d1,
             @ForAll long seed) {
        check("sum", seed, t -> Functional.sum(t[0]), leaf(new Rng(seed), d0, d1));
    }

    @Property(tries = TRIES)
    void mean(@ForAll @IntRange(min = 1, max = 5) int d0, @ForAll @IntRange(min = 1, max = 7) int d1,
              @ForAll long seed) {
        check("mean", seed, t -> Functional.mean(t[0]), leaf(new Rng(seed), d0, d1));
    }

    @Property(tries = TRIES)
    void reshape(@ForAll @IntRange(min = 1, max = 5) int d0, @ForAll @IntRange(min = 1, max = 5) int d1,
                 @ForAll @IntRange(min = 1, max = 3) int d2, @ForAll long seed) {
        // The reshaped tensor is multiplied by R, so a backward that scrambled the order would be caught.
        check("reshape", seed, t -> Functional.mul(Functional.reshape(t[0], d2, -1), Functional.reshape(t[1], d2, -1)),
                leaf(new Rng(seed), d0, d1, d2), leaf(new Rng(seed + 1), d2, d0 * d1));
    }

    @Property(tries = TRIES)
    void toFeatureMajorAndBack(@ForAll @IntRange(min = 1, max = 5) int n, @ForAll @IntRange(min = 1, max = 5) int c,
                               @ForAll @IntRange(min = 1, max = 3) int h, @ForAll boolean image, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor batchMajor = image ? leaf(rng, n, c, h, h + 1) : leaf(rng, n, c);
        check("toFeatureMajor", seed, t -> Functional.toFeatureMajor(t[0]), batchMajor);
        Tensor featureMajor = image ? leaf(rng, c, h, h + 1, n) : leaf(rng, c, n);
        check("toBatchMajor", seed, t -> Functional.toBatchMajor(t[0]), featureMajor);
    }

    // ------------------------------------------------------------------ convolution and normalisation

    /** {@code groupCase}: 0 dense (groups 1), 1 two groups, 2 depthwise (groups = channels, one per group). */
    @Property(tries = TRIES)
    void conv2d(@ForAll @IntRange(max = 2) int groupCase, @ForAll @IntRange(min = 1, max = 2) int perGroup,
                @ForAll @IntRange(min = 1, max = 2) int outPerGroup, @ForAll @IntRange(min = 1, max = 3) int k,
                @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(max = 2) int padding,
                @ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = 1, max = 2) int n,
                @ForAll boolean withBias, @ForAll long seed) {
        int groups = switch (groupCase) {
            case 0 -> 1;
            case 1 -> 2;
            default -> 2 + perGroup; // depthwise over 3 or 4 channels
        };
        int cinPerGroup = groupCase == 2 ? 1 : perGroup;
        int c = groups * cinPerGroup, co = groups * outPerGroup;
        int height = Math.max(h, k - 2 * padding), width = Math.max(h + 1, k - 2 * padding);
        Rng rng = new Rng(seed);
        Tensor x = leaf(rng, c, height, width, n), w = leaf(rng, co, cinPerGroup, k, k);
        Tensor b = withBias ? leaf(rng, co) : null;
        check("conv2d groups=" + groups + " k=" + k + " stride=" + stride + " pad=" + padding, seed,
                t -> Functional.conv2d(t[0], t[1], t[2], stride, padding, groups), x, w, b);
    }

    /** Once failed on the checker's fixed tolerance (numeric rounding 1.3e-8 on a derivative of 6e-5). */
    @Example
    void conv2dWithALargeOutputAndASmallDerivative() {
        conv2d(1, 2, 2, 3, 2, 2, 5, 2, true, 5346073952291259533L);
    }

    @Property(tries = TRIES)
    void batchNorm2dTraining(@ForAll @IntRange(min = 1, max = 3) int c, @ForAll @IntRange(min = 1, max = 3) int h,
                             @ForAll @IntRange(min = 2, max = 3) int n, @ForAll boolean affine, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = leaf(rng, c, h, h, n);
        Tensor gamma = affine ? leaf(rng, c) : null, beta = affine ? leaf(rng, c) : null;
        // No running buffers: every finite-difference evaluation would otherwise update them.
        check("batchNorm2d training", seed,
                t -> Functional.batchNorm2d(t[0], t[1], t[2], null, null, true, 0.1, 1e-5), x, gamma, beta);
    }

    @Property(tries = TRIES)
    void batchNorm2dEval(@ForAll @IntRange(min = 1, max = 3) int c, @ForAll @IntRange(min = 1, max = 3) int h,
                         @ForAll @IntRange(min = 1, max = 3) int n, @ForAll boolean affine, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = leaf(rng, c, h, h, n);
        Tensor gamma = affine ? leaf(rng, c) : null, beta = affine ? leaf(rng, c) : null;
        Tensor runningMean = Tensor.randn(DType.F64, rng, c);
        Tensor runningVar = Tensor.uniform(DType.F64, rng, 0.5, 2.0, c);
        check("batchNorm2d eval", seed,
                t -> Functional.batchNorm2d(t[0], t[1], t[2], runningMean, runningVar, false, 0.1, 1e-5),
                x, gamma, beta);
    }

    // ------------------------------------------------------------------ pooling and reshaping of images

    @Property(tries = TRIES)
    void maxPool2d(@ForAll @IntRange(min = 1, max = 3) int c, @ForAll @IntRange(min = 1, max = 3) int k,
                   @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(max = 1) int padding,
                   @ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = 1, max = 2) int n,
                   @ForAll long seed) {
        int pad = Math.min(padding, k / 2), height = Math.max(h, k), width = Math.max(h + 1, k);
        Tensor x = distinctValues(new Rng(seed), c, height, width, n);
        check("maxPool2d k=" + k + " stride=" + stride + " pad=" + pad, seed,
                t -> Functional.maxPool2d(t[0], k, stride, pad), x);
    }

    /** A leaf whose values are a shuffled ramp with steps far larger than the finite-difference step: no ties. */
    private static Tensor distinctValues(Rng rng, int... dims) {
        Tensor x = Tensor.zeros(DType.F64, dims);
        int[] order = new int[x.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        rng.shuffle(order);
        for (int i = 0; i < order.length; i++) x.setFlat(i, 0.01 * order[i] - 0.5);
        return x.requiresGradInPlace(true);
    }

    @Property(tries = TRIES)
    void avgPool2d(@ForAll @IntRange(min = 1, max = 3) int c, @ForAll @IntRange(min = 1, max = 3) int k,
                   @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(max = 1) int padding,
                   @ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = 1, max = 2) int n,
                   @ForAll long seed) {
        int pad = Math.min(padding, k / 2), height = Math.max(h, k), width = Math.max(h + 1, k);
        check("avgPool2d k=" + k + " stride=" + stride + " pad=" + pad, seed,
                t -> Functional.avgPool2d(t[0], k, stride, pad), leaf(new Rng(seed), c, height, width, n));
    }

    @Property(tries = TRIES)
    void globalAvgPool(@ForAll @IntRange(min = 1, max = 3) int c, @ForAll @IntRange(min = 1, max = 5) int h,
                       @ForAll @IntRange(min = 1, max = 3) int w, @ForAll @IntRange(min = 1, max = 3) int n,
                       @ForAll long seed) {
        check("globalAvgPool", seed, t -> Functional.globalAvgPool(t[0]), leaf(new Rng(seed), c, h, w, n));
    }

    @Property(tries = TRIES)
    void flatten(@ForAll @IntRange(min = 1, max = 3) int c, @ForAll @IntRange(min = 1, max = 5) int h,
                 @ForAll @IntRange(min = 1, max = 3) int w, @ForAll @IntRange(min = 1, max = 3) int n,
                 @ForAll long seed) {
        check("flatten", seed, t -> Functional.flatten(t[0]), leaf(new Rng(seed), c, h, w, n));
    }

    @Property(tries = TRIES)
    void dropout(@ForAll @IntRange(min = 1, max = 5) int d0, @ForAll @IntRange(min = 1, max = 7) int n,
                 @ForAll @DoubleRange(min = 0.0, max = 0.9) double p, @ForAll long seed) {
        // A fresh generator with the same seed on every evaluation: the same mask each time.
        check("dropout p=" + p, seed, t -> Functional.dropout(t[0], p, true, new Rng(seed)), leaf(new Rng(seed), d0, n));
    }

    // ------------------------------------------------------------------ classification head

    @Property(tries = TRIES)
    void logSoftmax(@ForAll @IntRange(min = 1, max = 7) int classes, @ForAll @IntRange(min = 1, max = 5) int n,
                    @ForAll long seed) {
        check("logSoftmax", seed, t -> Functional.logSoftmax(t[0]), leaf(new Rng(seed), classes, n));
    }

    @Property(tries = TRIES)
    void crossEntropy(@ForAll @IntRange(min = 1, max = 7) int classes, @ForAll @IntRange(min = 1, max = 5) int n,
                      @ForAll boolean smoothed, @ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = rng.nextInt(classes);
        double s = smoothed ? 0.1 : 0.0;
        check("crossEntropy s=" + s, seed, t -> Functional.crossEntropy(t[0], labels, s), leaf(rng, classes, n));
    }
}
