package org.sparsetrain.rigl.schedule;

/**
 * Fraction of a layer's active weights dropped (and regrown) at an update, as a function of the
 * global step of that update (rigl-spec §4.2, TF {@code get_drop_fraction}).
 */
public sealed interface DropFractionSchedule {

    /** The drop fraction at global step {@code step} (>= 0), in [0, alpha]. */
    double at(long step);

    /** The initial drop fraction α. */
    double alpha();

    /** {@code f = α} at every step. */
    record Constant(double alpha) implements DropFractionSchedule {
        public Constant {
            ScheduleChecks.fraction("constant drop fraction", "alpha", alpha);
        }

        @Override
        public double at(long step) {
            ScheduleChecks.nonNegative("constant drop fraction", "step", step);
            return alpha;
        }
    }

    /**
     * TF's cosine: {@code tf.train.cosine_decay(α, gs, E − B)} =
     * {@code α·½·(1 + cos(π·min(gs, E−B)/(E−B)))}. Reproduces the reference's quirk of feeding
     * the raw step rather than {@code gs − B}: with {@code B > 0} the curve is not shifted
     * (B=1000, E=5000: f(1000) = 0.256…, not α). With B = 0 it is the paper's
     * {@code α/2·(1 + cos(πt/T_end))}, and rigl-torch's schedule (its 1-based call counter as the
     * step, {@code T_end} as E).
     */
    record Cosine(double alpha, long beginStep, long endStep) implements DropFractionSchedule {
        public Cosine {
            ScheduleChecks.fraction("cosine drop fraction", "alpha", alpha);
            ScheduleChecks.nonNegative("cosine drop fraction", "begin step", beginStep);
            ScheduleChecks.endAfterBegin("cosine drop fraction", beginStep, endStep);
        }

        @Override
        public double at(long step) {
            ScheduleChecks.nonNegative("cosine drop fraction", "step", step);
            double decaySteps = endStep - beginStep;
            double completed = Math.min(step, decaySteps) / decaySteps;
            return alpha * (0.5 * (1.0 + Math.cos(Math.PI * completed)));
        }
    }

    /**
     * TF {@code 'exponential_k'}: {@code α·(1 − (gs − B)/(E − B))^k}. The progress is clamped
     * to [0, 1] (the reference only evaluates it inside [B, E], where the clamp is a no-op).
     */
    record Exponential(double alpha, long beginStep, long endStep, double exponent) implements DropFractionSchedule {
        public Exponential {
            ScheduleChecks.fraction("exponential drop fraction", "alpha", alpha);
            ScheduleChecks.nonNegative("exponential drop fraction", "begin step", beginStep);
            ScheduleChecks.endAfterBegin("exponential drop fraction", beginStep, endStep);
            if (!(exponent > 0) || Double.isInfinite(exponent)) {
                throw new IllegalArgumentException("exponential drop fraction: exponent must be finite and > 0, got "
                        + exponent);
            }
        }

        @Override
        public double at(long step) {
            ScheduleChecks.nonNegative("exponential drop fraction", "step", step);
            double progress = Math.clamp((double) (step - beginStep) / (endStep - beginStep), 0.0, 1.0);
            return alpha * Math.pow(1.0 - progress, exponent);
        }
    }
}
