package org.sparsetrain.rigl;

import org.sparsetrain.engine.sparse.ExecutionMode;

import java.util.Locale;
import java.util.Objects;
import org.sparsetrain.rigl.distribution.Distribution;

/**
 * Everything a {@link RigL} scheduler needs besides the model, the optimizer and the run length;
 * validated on construction. Build with {@link #builder()}.
 *
 * <p>Steps are TF global steps: optimizer steps actually taken (rigl-spec §0). The end of the
 * topology-update window is either absolute ({@code endStep}) or a fraction of the run
 * ({@code endFraction}, rigl-torch's {@code T_end = 0.75·total}); it is resolved and checked
 * against the run length by {@link #resolveEndStep}.
 *
 * @param method           the algorithm
 * @param density          target fraction of weights kept, in (0, 1]
 * @param distribution     how the budget is spread over the layers (spec §2)
 * @param layers           which weights carry a mask (spec §1.1)
 * @param updateEvery      ΔT: global steps between topology updates (and between pruning steps for PRUNE), &gt; 0
 * @param alpha            initial drop fraction, in [0, 1]
 * @param anneal           drop-fraction decay (spec §4.2)
 * @param annealExponent   k of {@link DropFractionAnneal#EXPONENTIAL} (&gt; 0)
 * @param beginStep        first global step of the update (or pruning) window, &gt;= 0
 * @param endStep          last global step of the window (inclusive), or −1 to use {@code endFraction}
 * @param endFraction      window end as a fraction of the run, in (0, 1]; read when {@code endStep} is −1
 * @param gradAccumulation RigL only: dense gradients averaged for the grow score (rigl-torch
 *                         extension, spec §4.10), 1 (the paper) or in [2, ΔT − 1]
 * @param snfsMomentum     SNFS only: β of the dense-gradient EMA, in [0, 1)
 * @param execution        how masked layers run: MASKED, SPARSE or AUTO (per layer by density,
 *                         {@link ExecutionPlanner}); DENSE is refused (a masked layer has a mask)
 */
public record RigLConfig(Method method, double density, Distribution distribution, SparsifiableLayers layers,
                         long updateEvery, double alpha, DropFractionAnneal anneal, double annealExponent,
                         long beginStep, long endStep, double endFraction, int gradAccumulation,
                         double snfsMomentum, ExecutionMode execution) {

    /** {@code endStep} value meaning "use {@code endFraction}". */
    public static final long END_FROM_FRACTION = -1;

    public RigLConfig {
        Objects.requireNonNull(method, "RigL config: method");
        Objects.requireNonNull(distribution, "RigL config: distribution");
        Objects.requireNonNull(layers, "RigL config: sparsifiable layers");
        Objects.requireNonNull(anneal, "RigL config: drop-fraction anneal");
        Objects.requireNonNull(execution, "RigL config: execution mode");
        if (execution == ExecutionMode.DENSE) {
            throw new IllegalArgumentException("RigL config: execution mode DENSE has no mask; use MASKED, SPARSE or AUTO "
                    + "(for a dense baseline, train without RigL)");
        }
        if (!(density > 0.0 && density <= 1.0)) {
            throw new IllegalArgumentException("RigL config: density must be in (0, 1] (fraction of weights kept), got "
                    + density);
        }
        if (updateEvery <= 0) {
            throw new IllegalArgumentException("RigL config: update interval (delta T) must be > 0 steps, got "
                    + updateEvery);
        }
        if (!(alpha >= 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException("RigL config: drop fraction alpha must be in [0, 1], got " + alpha);
        }
        if (!(annealExponent > 0) || Double.isInfinite(annealExponent)) {
            throw new IllegalArgumentException("RigL config: anneal exponent must be finite and > 0, got "
                    + annealExponent);
        }
        if (beginStep < 0) {
            throw new IllegalArgumentException("RigL config: begin step must be >= 0, got " + beginStep);
        }
        if (endStep != END_FROM_FRACTION && endStep <= beginStep) {
            throw new IllegalArgumentException("RigL config: end step must be > begin step " + beginStep
                    + " (or -1 to use the end fraction), got " + endStep);
        }
        if (endStep == END_FROM_FRACTION && !(endFraction > 0.0 && endFraction <= 1.0)) {
            throw new IllegalArgumentException("RigL config: end fraction must be in (0, 1] of the run, got "
                    + endFraction);
        }
        if (method == Method.RIGL) {
            // n = 1 is the paper and always allowed (also with delta T = 1); n > 1 needs n < delta T (rigl-torch)
            if (gradAccumulation < 1 || (gradAccumulation > 1 && gradAccumulation >= updateEvery)) {
                throw new IllegalArgumentException("RigL config: gradient accumulation n must be 1 or in [2, delta T - 1] = [2, "
                        + (updateEvery - 1) + "], got " + gradAccumulation);
            }
        } else if (gradAccumulation != 1) {
            throw new IllegalArgumentException("RigL config: gradient accumulation applies to RIGL only; "
                    + method + " needs n = 1, got " + gradAccumulation);
        }
        if (!(snfsMomentum >= 0.0 && snfsMomentum < 1.0)) {
            throw new IllegalArgumentException("RigL config: SNFS momentum must be in [0, 1), got " + snfsMomentum);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method; b.density = density; b.distribution = distribution; b.layers = layers;
        b.updateEvery = updateEvery; b.alpha = alpha; b.anneal = anneal; b.annealExponent = annealExponent;
        b.beginStep = beginStep; b.endStep = endStep; b.endFraction = endFraction;
        b.gradAccumulation = gradAccumulation; b.snfsMomentum = snfsMomentum; b.execution = execution;
        return b;
    }

    /**
     * The last global step of the update window for a run of {@code totalSteps} optimizer steps:
     * {@code endStep}, or {@code floor(endFraction·totalSteps)}.
     *
     * @throws IllegalArgumentException if the end lies beyond the run or not after the begin step
     */
    public long resolveEndStep(long totalSteps) {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("RigL: total steps of the run must be > 0, got " + totalSteps);
        }
        long end = endStep != END_FROM_FRACTION ? endStep : (long) Math.floor(endFraction * totalSteps);
        if (end > totalSteps) {
            throw new IllegalArgumentException("RigL: end step " + end + " is beyond the run of " + totalSteps
                    + " steps; use an end step <= " + totalSteps);
        }
        if (end <= beginStep) {
            throw new IllegalArgumentException("RigL: the update window [" + beginStep + ", " + end + "] of a run of "
                    + totalSteps + " steps is empty; the end (" + (endStep != END_FROM_FRACTION ? "end step"
                    : "end fraction " + endFraction) + ") must fall after the begin step");
        }
        return end;
    }

    /** One line for logs. */
    public String describe() {
        return String.format(Locale.ROOT, "%s density %.4f, %s, delta T %d, alpha %.3f %s, steps [%d, %s], grad accumulation %d, execution %s",
                method, density, distribution.label(), updateEvery, alpha,
                anneal.name().toLowerCase(Locale.ROOT), beginStep,
                endStep != END_FROM_FRACTION ? Long.toString(endStep) : endFraction + " of the run", gradAccumulation,
                execution.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Fluent construction with the reference defaults: RIGL, uniform, ΔT 100, α 0.3, cosine, end 0.75 of the run;
     * execution AUTO.
     */
    public static final class Builder {
        private Method method = Method.RIGL;
        private Double density; // null until set: density has no default
        private Distribution distribution = Distribution.UNIFORM;
        private SparsifiableLayers layers = SparsifiableLayers.reference();
        private long updateEvery = 100;
        private double alpha = 0.3;
        private DropFractionAnneal anneal = DropFractionAnneal.COSINE;
        private double annealExponent = 1.0;
        private long beginStep = 0;
        private long endStep = END_FROM_FRACTION;
        private double endFraction = 0.75;
        private int gradAccumulation = 1;
        private double snfsMomentum = 0.9;
        private ExecutionMode execution = ExecutionMode.AUTO;

        private Builder() {}

        public Builder method(Method m) { this.method = m; return this; }

        /** Required: fraction of weights kept, in (0, 1]. */
        public Builder density(double d) { this.density = d; return this; }

        public Builder distribution(Distribution d) { this.distribution = d; return this; }

        public Builder sparsifiable(SparsifiableLayers l) { this.layers = l; return this; }

        /** ΔT in global steps. */
        public Builder updateEvery(long deltaT) { this.updateEvery = deltaT; return this; }

        /** Initial drop fraction α. */
        public Builder dropFraction(double a) { this.alpha = a; return this; }

        public Builder anneal(DropFractionAnneal a) { this.anneal = a; return this; }

        /** {@link DropFractionAnneal#EXPONENTIAL} with exponent {@code k}. */
        public Builder exponentialAnneal(double k) { this.anneal = DropFractionAnneal.EXPONENTIAL; this.annealExponent = k; return this; }

        public Builder beginStep(long b) { this.beginStep = b; return this; }

        /** Absolute last step of the update window (inclusive). */
        public Builder endStep(long e) { this.endStep = e; return this; }

        /** Window end as a fraction of the run (clears an absolute end step). */
        public Builder endFraction(double f) { this.endFraction = f; this.endStep = END_FROM_FRACTION; return this; }

        public Builder gradAccumulation(int n) { this.gradAccumulation = n; return this; }

        public Builder snfsMomentum(double beta) { this.snfsMomentum = beta; return this; }

        /** MASKED, SPARSE, or AUTO (the default: sparse kernels for layers at or below the crossover density). */
        public Builder execution(ExecutionMode mode) { this.execution = mode; return this; }

        public RigLConfig build() {
            if (density == null) {
                throw new IllegalArgumentException("RigL config: density is required (fraction of weights kept, in (0, 1])");
            }
            return new RigLConfig(method, density, distribution, layers, updateEvery, alpha, anneal, annealExponent,
                    beginStep, endStep, endFraction, gradAccumulation, snfsMomentum, execution);
        }
    }
}
