package org.sparsetrain.rigl.schedule;

/**
 * rigl-torch's timing (RT {@code RigLScheduler}, rigl-spec §8.3–8.5), counted in 1-based
 * <em>calls</em> of the scheduler (one per mini-batch), not optimizer steps: updates at calls
 * ΔT, 2ΔT, … strictly below {@code T_end} (no update at call 0, end exclusive), and the dense
 * gradient is accumulated during the backward passes of the last {@code n} calls up to and
 * including each update call.
 *
 * @param delta              ΔT (> 0)
 * @param tEnd               calls after which the topology stops changing (> 0, exclusive)
 * @param gradAccumulationN  dense gradients averaged for the grow score, {@code 0 < n < ΔT}
 */
public record RigLTorchTiming(long delta, long tEnd, int gradAccumulationN) {

    public RigLTorchTiming {
        ScheduleChecks.positive("rigl-torch timing", "delta", delta);
        ScheduleChecks.positive("rigl-torch timing", "T_end", tEnd);
        if (gradAccumulationN <= 0 || gradAccumulationN >= delta) {
            throw new IllegalArgumentException("rigl-torch timing: grad accumulation n must be in [1, delta - 1] = [1, "
                    + (delta - 1) + "], got " + gradAccumulationN);
        }
    }

    /** The same timing, checked against a run of {@code totalCalls} mini-batches. */
    public RigLTorchTiming checkedAgainstRun(long totalCalls) {
        ScheduleChecks.withinRun("rigl-torch timing", "T_end", tEnd, totalCalls);
        return this;
    }

    /** True when call {@code call} (1-based) updates the topology and skips the optimizer step. */
    public boolean isUpdateCall(long call) {
        ScheduleChecks.positive("rigl-torch timing", "call", call);
        return call % delta == 0 && call < tEnd;
    }

    /**
     * True when the backward pass of call {@code call} accumulates the dense gradient. The hook
     * runs before that call increments the counter, so it sees {@code step = call − 1}; like RT it
     * keeps accumulating for a call at or just below T_end that will never update.
     */
    public boolean accumulatesDenseGradient(long call) {
        ScheduleChecks.positive("rigl-torch timing", "call", call);
        long step = call - 1;
        return step < tEnd && delta - (step % delta) <= gradAccumulationN;
    }

    /** RT's drop fraction {@code α/2·(1 + cos(π·call/T_end))}. */
    public double dropFraction(double alpha, long call) {
        ScheduleChecks.fraction("rigl-torch timing", "alpha", alpha);
        return alpha / 2 * (1 + Math.cos(call * Math.PI / tEnd));
    }
}
