package org.sparsetrain.rigl;

import org.sparsetrain.rigl.flops.TrainingMethod;

/**
 * The sparse-training algorithm a {@link RigL} scheduler runs (rigl-spec §4). Dense training is
 * "do not attach a scheduler".
 */
public enum Method {
    /** Fixed random mask, never updated (paper's "Static", TF {@code scratch}, spec §4.3). */
    STATIC(true, TrainingMethod.STATIC),
    /** Drop {@code |W|}, grow uniformly at random; updates after the step (spec §4.4). */
    SET(true, TrainingMethod.SET),
    /** Drop {@code |W|}, grow {@code |EMA of dense gradients|}; updates after the step (TF simplified SNFS, §4.5). */
    SNFS(true, TrainingMethod.SNFS),
    /** Drop {@code |W|}, grow {@code |dense gradient|}; an update iteration skips the optimizer step (§4.6). */
    RIGL(true, TrainingMethod.RIGL),
    /** Dense start, one-shot mask from {@code |g⊙W|} of the first batch, then static (§4.7). */
    SNIP(false, TrainingMethod.SNIP),
    /** Dense start, Zhu &amp; Gupta gradual magnitude pruning to the target density; masks only shrink (§4.8). */
    PRUNE(false, TrainingMethod.DENSE);

    private final boolean randomInitialMask;
    private final TrainingMethod flopsMethod;

    Method(boolean randomInitialMask, TrainingMethod flopsMethod) {
        this.randomInitialMask = randomInitialMask;
        this.flopsMethod = flopsMethod;
    }

    /** True when training starts from a random mask at the target density; false for a dense start. */
    public boolean randomInitialMask() {
        return randomInitialMask;
    }

    /** True for the methods whose topology changes by drop and grow. */
    public boolean dropsAndGrows() {
        return this == SET || this == SNFS || this == RIGL;
    }

    /** The FLOPs formula of spec §5.3 ({@link #PRUNE} uses its schedule instead). */
    TrainingMethod flopsMethod() {
        return flopsMethod;
    }

    /** The method named {@code name} (case-insensitive), or an error listing the allowed names. */
    public static Method parse(String name) {
        for (Method m : values()) {
            if (m.name().equalsIgnoreCase(name.trim())) return m;
        }
        throw new IllegalArgumentException("unknown sparse training method '" + name + "'; allowed: "
                + java.util.Arrays.stream(values()).map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).toList()
                + " (dense training: do not attach a scheduler)");
    }
}
