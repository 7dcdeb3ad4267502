package org.sparsetrain.kernels.cpu;

/**
 * A fixed set of daemon worker threads owned by one backend, running work split by a <em>static</em>
 * partition: {@link #forRange} cuts {@code [0, units)} into at most {@link #threads()} contiguous chunks whose
 * boundaries depend only on the unit count and the thread count, never on which thread is free first. A kernel
 * that writes disjoint outputs per unit and reduces in unit order is therefore deterministic.
 *
 * <p>The caller thread works on the call itself (no hand-off cost for its share), and calls made from inside a
 * chunk run inline, so nested parallel kernels cannot deadlock the pool. The chunks are claimed in order by the
 * threads of the call, so a worker that starts late, or is busy (another caller thread shares the pool, or a
 * late helper of an earlier call has not finished), leaves its chunk to the caller: the partition, and so the
 * result, stays the same. The workers spin a little before they park ({@link SpinningWorker}: waking a parked
 * thread costs more than many of the kernels it would help with).
 *
 * <p>{@link #forClaimedAfter} is the exception to the static partition, for work whose results do not depend
 * on the partition: units claimed by whichever thread is free, after a shared preparation step (GEMM: packing
 * one copy of an operand that every thread reads) in the same hand-off.
 */
public final class WorkPool implements AutoCloseable {

    /** A body that processes the units {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** True on a thread that is currently executing a chunk (caller or worker): nested calls run inline. */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private final int threads;
    /** {@code threads - 1} workers; null for a single thread. */
    private final SpinningWorker[] workers;

    public WorkPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("WorkPool: threads must be >= 1, got " + threads);
        this.threads = threads;
        if (threads == 1) {
            this.workers = null;
        } else {
            this.workers = new SpinningWorker[threads - 1];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = new SpinningWorker("sparsetrain-simd-" + (w + 1));
                workers[w].start();
            }
        }
    }

    public int threads() { return threads; }

    /**
     * Runs {@code body} over {@code [0, units)} split into {@code min(threads, units)} contiguous chunks of
     * near-equal size (the first {@code units % chunks} chunks get one unit more). Returns when all are done;
     * the first exception thrown by any chunk is rethrown.
     *
     * <p>The chunk boundaries are fixed, but which thread runs a chunk is not: the threads of the call claim
     * chunks in order, so when a worker starts late (the scheduler gave its core to a JIT or GC thread, which
     * here happens about once in a few thousand calls and costs up to 6 ms) the caller runs that chunk too
     * instead of waiting. Every chunk is computed the same way whoever runs it, so results stay the same.
     */
    public void forRange(int units, RangeBody body) {
        if (units <= 0) return;
        int chunks = Math.min(threads, units);
        if (chunks == 1 || workers == null || INSIDE.get()) {
            body.run(0, units);
            return;
        }
        claimed(new ClaimedRun(0, null, chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) body.run(chunkStart(units, chunks, c), chunkStart(units, chunks, c + 1));
        }), chunks - 1);
    }

    /**
     * Runs {@code prepare} over every unit of {@code [0, prepUnits)}, then {@code body} over {@code [0, units)}
     * in grains of {@code grain} units; no grain starts before every prepare unit has finished. Both phases are
     * claimed unit by unit (grain by grain) by whichever threads of this call are running, the caller included:
     * a worker that wakes late, or that another process keeps off its core, just does less, instead of holding
     * up the call. One hand-off for both phases.
     *
     * <p>Which thread runs which unit varies from run to run, so this is only for work whose result does not
     * depend on it: {@code prepare} must be a copy (not a reduction), and {@code body} must write each unit's
     * own outputs with the same operations whatever grain it is in (GEMM row tiles). If a unit throws, the
     * units not yet started are skipped and the first exception reaches the caller.
     */
    public void forClaimedAfter(int prepUnits, RangeBody prepare, int units, int grain, RangeBody body) {
        if (grain < 1) throw new IllegalArgumentException("WorkPool: grain must be >= 1, got " + grain);
        ClaimedRun run = new ClaimedRun(prepUnits, prepare, units, grain, body);
        int helpers = Math.min(threads, run.grains()) - 1;
        if (helpers <= 0 || workers == null || INSIDE.get()) {
            if (prepUnits > 0) prepare.run(0, prepUnits);
            if (units > 0) body.run(0, units);
            return;
        }
        claimed(run, helpers);
    }

    /**
     * Hands {@code run} to {@code helpers} workers (its grains beyond the caller's), works on it, and waits for it. No
     * futures to wait on: the caller waits for the work, not for the helper tasks, which may start late (and then
     * find nothing left); a worker whose slot is taken just does not help with this call.
     */
    private void claimed(ClaimedRun run, int helpers) {
        for (int h = 0; h < helpers; h++) workers[h].offer(() -> runInside(run));
        runInside(run);
        run.finish();
    }

    /** First unit of chunk {@code c} when {@code units} are cut into {@code chunks} near-equal pieces. */
    static int chunkStart(int units, int chunks, int c) {
        int base = units / chunks, extra = units % chunks;
        return c * base + Math.min(c, extra);
    }

    private static void runInside(ClaimedRun run) {
        boolean was = INSIDE.get();
        INSIDE.set(true);
        try {
            run.work();
        } finally {
            INSIDE.set(was);
        }
    }

    /** Stops the workers; the pool must not be used afterwards. */
    @Override public void close() {
        if (workers != null) for (SpinningWorker w : workers) w.close();
    }
}
