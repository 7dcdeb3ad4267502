package org.sparsetrain.bench.kernels;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts floating-point operations per benchmark thread; JMH reports the field as a rate next to the primary
 * score, so {@code flop} in ops/s divided by 1e9 is GFLOP/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class FlopCounter {
    public long flop;

    @Setup(Level.Iteration) public void reset() { flop = 0; }
}
