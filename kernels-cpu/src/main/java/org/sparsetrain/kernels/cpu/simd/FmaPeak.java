package org.sparsetrain.kernels.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FMA-throughput probe the GEMM is measured against: 12 independent vector FMA chains, enough to cover
 * the FMA latency on every pipe (latency 4 × 2 pipes = 8 chains needed on Zen 4/5), with no memory traffic.
 * Lives here so that the benchmark module need not import the Vector API.
 */
public final class FmaPeak {
    private FmaPeak() {}

    private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;

    /** Floating-point operations one call of {@link #run} performs (2 per lane per FMA). */
    public static long flops(int iterations) { return 2L * 12 * SP.length() * iterations; }

    /** Runs {@code iterations} rounds of 12 FMAs and returns a value depending on all of them (for a sink). */
    public static float run(int iterations, float seed) {
        FloatVector m = FloatVector.broadcast(SP, 0.999999f), a = FloatVector.broadcast(SP, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(SP, seed), c1 = c0.add(1f), c2 = c0.add(2f), c3 = c0.add(3f);
        FloatVector c4 = c0.add(4f), c5 = c0.add(5f), c6 = c0.add(6f), c7 = c0.add(7f);
        FloatVector c8 = c0.add(8f), c9 = c0.add(9f), c10 = c0.add(10f), c11 = c0.add(11f);
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(m, a); c1 = c1.fma(m, a); c2 = c2.fma(m, a); c3 = c3.fma(m, a);
            c4 = c4.fma(m, a); c5 = c5.fma(m, a); c6 = c6.fma(m, a); c7 = c7.fma(m, a);
            c8 = c8.fma(m, a); c9 = c9.fma(m, a); c10 = c10.fma(m, a); c11 = c11.fma(m, a);
        }
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11);
        return s.reduceLanes(VectorOperators.ADD);
    }
}
