package org.sparsetrain.kernels.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shared state of one {@link WorkPool#forClaimedAfter} call: two phases of work units that the threads of
 * the call claim from counters, so whichever thread is running does the work and none waits for a thread that
 * has not been scheduled yet (a parked worker takes tens of microseconds to wake, and on a shared machine it may
 * not run at all for a while).
 *
 * <p>A thread that arrives after everything was claimed finds nothing to do and leaves, so a late worker task
 * is harmless even after the call has returned. After a failure the remaining units are claimed and counted
 * but not run, so the waits still end, and the first failure is rethrown to the caller.
 */
final class ClaimedRun {
    /**
     * Busy-wait this many rounds (~10-20 µs) before yielding: the waits are short (one unit of work) when nothing
     * stalls, and when they are long the thread being waited for may need this core.
     */
    private static final int SPINS_BEFORE_YIELD = 1 << 10;

    private final int prepUnits, units, grain, grains;
    private final WorkPool.RangeBody prepare, body;
    private final AtomicInteger nextPrep = new AtomicInteger(), prepDone = new AtomicInteger();
    private final AtomicInteger nextGrain = new AtomicInteger(), grainsDone = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    ClaimedRun(int prepUnits, WorkPool.RangeBody prepare, int units, int grain, WorkPool.RangeBody body) {
        this.prepUnits = Math.max(0, prepUnits);
        this.prepare = prepare;
        this.units = Math.max(0, units);
        this.grain = grain;
        this.grains = (this.units + grain - 1) / grain;
        this.body = body;
    }

    /** Grains of the body phase: the most threads that can usefully work on it. */
    int grains() { return grains; }

    /** Claims and runs prepare units until none is left, waits until all are done, then does the same for grains. */
    void work() {
        for (int u; (u = nextPrep.getAndIncrement()) < prepUnits; ) {
            runGuarded(prepare, u, u + 1);
            prepDone.incrementAndGet();
        }
        // every prepare unit is claimed by now, and only by threads that are running it: this wait always ends
        await(prepDone, prepUnits);
        for (int g; (g = nextGrain.getAndIncrement()) < grains; ) {
            int from = g * grain;
            runGuarded(body, from, Math.min(units, from + grain));
            grainsDone.incrementAndGet();
        }
    }

    /** Waits until every grain is done (the caller, after its own {@link #work}), then rethrows a failure. */
    void finish() {
        await(grainsDone, grains);
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        if (t != null) throw new IllegalStateException("WorkPool: a unit failed", t);
    }

    private void runGuarded(WorkPool.RangeBody b, int from, int to) {
        if (failure.get() != null) return;
        try {
            b.run(from, to);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private static void await(AtomicInteger counter, int target) {
        for (int spins = 0; counter.get() < target; spins++) {
            if (spins < SPINS_BEFORE_YIELD) Thread.onSpinWait();
            else Thread.yield();
        }
    }
}
