package org.sparsetrain.engine.optim.schedule;

import java.util.Arrays;

/**
 * {@code baseLr * gamma^k} where {@code k} is the number of milestones {@code <= step} (PyTorch's
 * {@code MultiStepLR}): the rate drops by {@code gamma} at each milestone, from that step on.
 *
 * @param milestones strictly increasing steps {@code >= 1}
 */
public record MultiStep(double baseLr, long[] milestones, double gamma) implements LrSchedule {
    public MultiStep {
        LrSchedule.checkRate("MultiStep", "baseLr", baseLr);
        LrSchedule.checkRate("MultiStep", "gamma", gamma);
        milestones = milestones.clone();
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 1 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                throw new IllegalArgumentException("MultiStep: milestones must be strictly increasing steps >= 1, got "
                        + Arrays.toString(milestones));
            }
        }
    }

    @Override public long[] milestones() { return milestones.clone(); }

    @Override public double lr(long step) {
        LrSchedule.checkStep("MultiStep", step);
        int passed = 0;
        while (passed < milestones.length && milestones[passed] <= step) passed++;
        return baseLr * Math.pow(gamma, passed);
    }

    @Override public boolean equals(Object o) {
        return o instanceof MultiStep m && m.baseLr == baseLr && m.gamma == gamma && Arrays.equals(m.milestones, milestones);
    }

    @Override public int hashCode() { return Double.hashCode(baseLr) * 31 + Arrays.hashCode(milestones) * 17 + Double.hashCode(gamma); }

    @Override public String toString() {
        return "MultiStep[baseLr=" + baseLr + ", milestones=" + Arrays.toString(milestones) + ", gamma=" + gamma + "]";
    }
}
