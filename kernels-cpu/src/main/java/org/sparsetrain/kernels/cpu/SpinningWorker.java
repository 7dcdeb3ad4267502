package org.sparsetrain.kernels.cpu;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker thread of a {@link WorkPool}: takes tasks one at a time through a single slot, and after each task
 * busy-waits for the next one for {@link #SPIN_NANOS} before it parks.
 *
 * <p>Why spin: a training step makes dozens of parallel kernel calls of 10 to 500 µs each, nearly back to back. A
 * parked thread needs a futex wake-up and a trip through the scheduler before it runs, tens of microseconds on this
 * machine, and with a thread pool that parks after every task the 2-thread training step was slower than the
 * 1-thread one (docs/performance.md). A worker that is still spinning picks a task up within a few hundred
 * nanoseconds. The cost is a core kept busy for at most {@link #SPIN_NANOS} after the last task, which is what
 * OpenMP runtimes and OpenBLAS do by default too.
 *
 * <p>The slot holds at most one waiting task: {@link #offer} fails while it is occupied, and the caller then runs
 * the work itself (every {@link WorkPool} call is correct whichever thread runs which part).
 */
final class SpinningWorker extends Thread {
    /** Busy-wait this long after a task before parking: longer than the gaps between kernels of one training step. */
    static final long SPIN_NANOS = 200_000;

    private final AtomicReference<Runnable> slot = new AtomicReference<>();
    private volatile boolean parked;
    private volatile boolean closed;

    SpinningWorker(String name) {
        super(name);
        setDaemon(true);
    }

    /** Queues {@code task} for this worker; false if a task is already waiting in the slot (run it elsewhere). */
    boolean offer(Runnable task) {
        if (closed || !slot.compareAndSet(null, task)) return false;
        // pairs with the parked-then-recheck in awaitTask: one of the two sides always sees the other's write
        if (parked) LockSupport.unpark(this);
        return true;
    }

    /** Stops the thread after its current task; queued work is dropped (the pool is closed, no caller waits). */
    void close() {
        closed = true;
        LockSupport.unpark(this);
    }

    @Override public void run() {
        for (Runnable task; (task = awaitTask()) != null; ) {
            try {
                task.run();
            } catch (Throwable t) {
                // the pool's tasks record their own failures for the caller; this only keeps the worker alive
                getUncaughtExceptionHandler().uncaughtException(this, t);
            }
        }
    }

    /** The next task, emptying the slot so that the one after can be queued while this one runs; null once closed. */
    private Runnable awaitTask() {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (!closed) {
            Runnable task = slot.getAndSet(null);
            if (task != null) return task;
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
                continue;
            }
            parked = true;
            if (slot.get() == null && !closed) LockSupport.park(this);
            parked = false;
        }
        return null;
    }
}
