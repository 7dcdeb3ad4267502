package org.sparsetrain.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class WorkPoolTest {

    @Test void chunksAreContiguousAndCoverEveryUnitOnce() {
        assertArrayEquals(new int[]{0, 4, 7, 10}, new int[]{
                WorkPool.chunkStart(10, 3, 0), WorkPool.chunkStart(10, 3, 1),
                WorkPool.chunkStart(10, 3, 2), WorkPool.chunkStart(10, 3, 3)});
        try (WorkPool pool = new WorkPool(3)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(101);
            pool.forRange(101, (from, to) -> {
                for (int i = from; i < to; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < 101; i++) assertEquals(1, hits.get(i), "unit " + i);
        }
    }

    @Test void nestedCallsRunInlineInsteadOfDeadlocking() {
        try (WorkPool pool = new WorkPool(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(8);
            pool.forRange(2, (f, t) -> pool.forRange(4, (g, u) -> {
                for (int i = g; i < u; i++) hits.incrementAndGet(f * 4 + i);
            }));
            for (int i = 0; i < 8; i++) assertEquals(1, hits.get(i));
        }
    }

    @Test void exceptionsInAChunkReachTheCaller() {
        try (WorkPool pool = new WorkPool(2)) {
            var e = assertThrows(IllegalStateException.class, () -> pool.forRange(2, (f, t) -> {
                if (f == 1) throw new IllegalStateException("chunk 1 failed");
            }));
            assertEquals("chunk 1 failed", e.getMessage());
        }
    }

    @Test void forClaimedAfterPreparesEveryUnitOnceBeforeAnyGrain() {
        try (WorkPool pool = new WorkPool(3)) {
            for (int rep = 0; rep < 50; rep++) {
                AtomicIntegerArray prepared = new AtomicIntegerArray(7), hits = new AtomicIntegerArray(40);
                AtomicInteger missing = new AtomicInteger();
                pool.forClaimedAfter(7, (f, t) -> {
                    for (int u = f; u < t; u++) prepared.incrementAndGet(u);
                }, 40, 3, (f, t) -> {
                    if (t - f > 3 || (f % 3 != 0)) missing.addAndGet(1000);   // grains are aligned, at most 3
                    for (int u = 0; u < 7; u++) if (prepared.get(u) != 1) missing.incrementAndGet();
                    for (int i = f; i < t; i++) hits.incrementAndGet(i);
                });
                assertEquals(0, missing.get(), "a body chunk started before preparation finished");
                for (int u = 0; u < 7; u++) assertEquals(1, prepared.get(u), "prepare unit " + u);
                for (int i = 0; i < 40; i++) assertEquals(1, hits.get(i), "unit " + i);
            }
        }
    }

    @Test void forClaimedAfterRethrowsAPrepareFailureAndRunsNoBody() {
        try (WorkPool pool = new WorkPool(2)) {
            AtomicInteger bodies = new AtomicInteger();
            var e = assertThrows(IllegalStateException.class, () -> pool.forClaimedAfter(4, (f, t) -> {
                if (f == 2) throw new IllegalStateException("prepare 2 failed");
            }, 8, 1, (f, t) -> bodies.incrementAndGet()));
            assertEquals("prepare 2 failed", e.getMessage());
            assertEquals(0, bodies.get());
        }
    }

    @Test void forClaimedAfterRethrowsABodyFailure() {
        try (WorkPool pool = new WorkPool(2)) {
            var e = assertThrows(IllegalArgumentException.class, () -> pool.forClaimedAfter(0, (f, t) -> { }, 8, 1,
                    (f, t) -> {
                        if (f == 5) throw new IllegalArgumentException("grain 5 failed");
                    }));
            assertEquals("grain 5 failed", e.getMessage());
        }
    }

    @Test void forClaimedAfterRunsInlineWhenNested() {
        try (WorkPool pool = new WorkPool(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(20);
            pool.forRange(2, (f, t) -> pool.forClaimedAfter(1, (g, u) -> { }, 10, 2, (g, u) -> {
                for (int i = g; i < u; i++) hits.incrementAndGet(f * 10 + i);
            }));
            for (int i = 0; i < 20; i++) assertEquals(1, hits.get(i));
        }
    }

    @Test void workersThatParkedWakeForTheNextCall() throws InterruptedException {
        try (WorkPool pool = new WorkPool(2)) {
            for (int rep = 0; rep < 3; rep++) {
                // longer than the spin: the worker has parked and must be unparked by the next call
                Thread.sleep(SpinningWorker.SPIN_NANOS / 1_000_000 + 5);
                AtomicIntegerArray hits = new AtomicIntegerArray(10);
                pool.forRange(10, (from, to) -> {
                    for (int i = from; i < to; i++) hits.incrementAndGet(i);
                });
                for (int i = 0; i < 10; i++) assertEquals(1, hits.get(i), "unit " + i);
            }
        }
    }

    @Test void twoCallerThreadsSharingAPoolEachGetEveryUnitOnce() throws Exception {
        try (WorkPool pool = new WorkPool(2)) {
            int calls = 200;
            AtomicIntegerArray hitsA = new AtomicIntegerArray(calls * 7), hitsB = new AtomicIntegerArray(calls * 7);
            Thread a = new Thread(() -> callRepeatedly(pool, calls, hitsA));
            Thread b = new Thread(() -> callRepeatedly(pool, calls, hitsB));
            a.start();
            b.start();
            a.join(60_000);
            b.join(60_000);
            for (int i = 0; i < calls * 7; i++) {
                assertEquals(1, hitsA.get(i), "caller A unit " + i);
                assertEquals(1, hitsB.get(i), "caller B unit " + i);
            }
        }
    }

    /** Static and claimed calls back to back; a busy worker makes the caller run that chunk itself. */
    private static void callRepeatedly(WorkPool pool, int calls, AtomicIntegerArray hits) {
        for (int c = 0; c < calls; c++) {
            int base = c * 7;
            if (c % 2 == 0) {
                pool.forRange(7, (from, to) -> {
                    for (int i = from; i < to; i++) hits.incrementAndGet(base + i);
                });
            } else {
                pool.forClaimedAfter(0, (f, t) -> { }, 7, 2, (from, to) -> {
                    for (int i = from; i < to; i++) hits.incrementAndGet(base + i);
                });
            }
        }
    }

    @Test void rejectsZeroThreads() {
        assertThrows(IllegalArgumentException.class, () -> new WorkPool(0));
    }
}
