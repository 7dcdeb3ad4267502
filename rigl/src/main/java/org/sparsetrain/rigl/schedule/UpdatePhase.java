package org.sparsetrain.rigl.schedule;

/** Where in a training iteration the reference evaluates its mask-update predicate (spec §4.1). */
public enum UpdatePhase {
    /**
     * RigL (and SNIP): on the current step, before any optimizer step; an update iteration does
     * no optimizer step and does not advance the global step. Updates at B, B+ΔT, …
     */
    BEFORE_STEP,
    /**
     * SET, SNFS, static re-init: after the optimizer step, on the new global step. The global
     * step is then at least 1, so updates happen at max(B, 1), max(B, 1)+ΔT, …
     */
    AFTER_STEP
}
