package org.sparsetrain.rigl.distribution;

import java.util.List;

/**
 * One pass of the ER/ERK overflow loop (spec §2.2 step 2), kept for the trace tests and for
 * explaining why a layer ended dense.
 *
 * @param denseLayers    layers forced dense before this pass, sorted by name
 * @param rhs            ones the non-custom, non-dense layers must hold together
 * @param divisor        {@code Σ raw_l·n_l} over those layers
 * @param eps            {@code rhs / divisor}
 * @param maxRawTimesEps the largest resulting density; a value above 1 densifies its layer(s)
 */
public record ErkPass(List<String> denseLayers, long rhs, double divisor, double eps, double maxRawTimesEps) {
    public ErkPass {
        denseLayers = List.copyOf(denseLayers);
    }
}
