package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;

/**
 * The probe the provider calls to learn whether the Vector API works here. Touching this class when
 * {@code jdk.incubator.vector} is not resolved throws {@link NoClassDefFoundError}; the caller catches it.
 */
public final class SimdSupport {
    private SimdSupport() {}

    /** Lanes of {@code FloatVector.SPECIES_PREFERRED} (16 with AVX-512, 8 with AVX2). */
    public static int preferredFloatLanes() { return FloatVector.SPECIES_PREFERRED.length(); }

    /** Human-readable species, for the start-up line and benchmarks. */
    public static String describe() { return FloatVector.SPECIES_PREFERRED.toString(); }
}
