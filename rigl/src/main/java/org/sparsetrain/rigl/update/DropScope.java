package org.sparsetrain.rigl.update;

/** Which positions compete for the {@code n_keep} places of the drop step (rigl-spec §3 step 3). */
public enum DropScope {
    /**
     * Reference (TF): the top-{@code n_keep} of {@code |M⊙W|} over <em>all</em> positions. An
     * inactive position (score 0) can then win a tie against an active weight that is exactly 0
     * at a higher index; it is "kept" (revived) without being a new connection.
     */
    ALL_POSITIONS,
    /**
     * The paper's wording: keep the {@code n_keep} largest-magnitude <em>active</em> weights.
     * Never revives a position; not bit-identical to TF when active weights are exactly 0.
     */
    ACTIVE_ONLY
}
