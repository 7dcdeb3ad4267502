package org.sparsetrain.rigl;

import org.sparsetrain.rigl.schedule.DropFractionSchedule;

/**
 * How the drop fraction decays over the update window (TF {@code drop_fraction_anneal}, spec
 * §4.2). The window's steps are only known once the run length is, so the schedule object is
 * built at attach time by {@link #schedule}.
 */
public enum DropFractionAnneal {
    /** {@code f = α}. */
    CONSTANT,
    /** {@code α·½·(1 + cos(π·min(gs, E−B)/(E−B)))}, TF's raw-step quirk included. */
    COSINE,
    /** {@code α·(1 − (gs − B)/(E − B))^k}, TF {@code exponential_k}. */
    EXPONENTIAL;

    /** The schedule over {@code [begin, end]}; {@code exponent} is only read by {@link #EXPONENTIAL}. */
    public DropFractionSchedule schedule(double alpha, long begin, long end, double exponent) {
        return switch (this) {
            case CONSTANT -> new DropFractionSchedule.Constant(alpha);
            case COSINE -> new DropFractionSchedule.Cosine(alpha, begin, end);
            case EXPONENTIAL -> new DropFractionSchedule.Exponential(alpha, begin, end, exponent);
        };
    }
}
