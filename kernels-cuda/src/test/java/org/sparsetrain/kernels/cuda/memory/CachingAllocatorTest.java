package org.sparsetrain.kernels.cuda.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CachingAllocatorTest {
    @Test void sizeClassesRoundUpToPowersOfTwoThenToLargeGranules() {
        assertEquals(512, SizeClasses.roundUp(1));
        assertEquals(512, SizeClasses.roundUp(512));
        assertEquals(1024, SizeClasses.roundUp(513));
        assertEquals(1 << 20, SizeClasses.roundUp((1 << 19) + 1));
        assertEquals(1 << 20, SizeClasses.roundUp(1 << 20));
        assertEquals(2L << 20, SizeClasses.roundUp((1 << 20) + 1));
        assertEquals(4L << 20, SizeClasses.roundUp((2L << 20) + 1));
        var e = assertThrows(IllegalArgumentException.class, () -> SizeClasses.roundUp(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }

    /** A "training step": the same request sizes every time. */
    private static List<Long> step(CachingAllocator a) {
        List<Long> blocks = new ArrayList<>();
        for (long bytes : new long[] {4, 1000, 3000, 300_000, 5_000_000, 1000}) blocks.add(a.allocate(bytes));
        return blocks;
    }

    @Test void steadyStateStepsMakeNoRawCalls() {
        CountingRawAllocator raw = new CountingRawAllocator(1L << 30);
        CachingAllocator a = new CachingAllocator(raw);
        for (long b : step(a)) a.release(b);
        int afterFirst = raw.allocations;
        assertEquals(6, afterFirst);
        for (int s = 0; s < 10; s++) for (long b : step(a)) a.release(b);
        assertEquals(afterFirst, raw.allocations, "steps after the first must be served from the cache");
        assertEquals(0, raw.frees);
        AllocatorStats st = a.stats();
        assertEquals(60, st.cacheHits());
        assertEquals(0, st.bytesInUse());
        assertTrue(st.bytesCached() > 5_000_000);
        a.close();
        assertEquals(raw.allocations, raw.frees, "close frees the cache");
        assertTrue(raw.live.isEmpty());
    }

    @Test void liveBlocksAreDistinctAndStatsTrackUse() {
        CachingAllocator a = new CachingAllocator(new CountingRawAllocator(1L << 30));
        long x = a.allocate(100), y = a.allocate(100);
        assertNotEquals(x, y);
        assertEquals(1024, a.stats().bytesInUse());
        a.release(x);
        assertEquals(x, a.allocate(200), "a freed block of the same class is reused");
        assertEquals(1024, a.stats().peakBytesInUse());
    }

    @Test void doubleReleaseIsRejected() {
        CachingAllocator a = new CachingAllocator(new CountingRawAllocator(1L << 30));
        long x = a.allocate(10);
        a.release(x);
        var e = assertThrows(IllegalArgumentException.class, () -> a.release(x));
        assertTrue(e.getMessage().contains("not a live block"), e.getMessage());
    }

    @Test void outOfMemoryEmptiesTheCacheAndRetries() {
        CountingRawAllocator raw = new CountingRawAllocator(3L << 20);
        CachingAllocator a = new CachingAllocator(raw);
        a.release(a.allocate(2L << 20));       // 2 MiB cached, 1 MiB left on the device
        assertThrows(DeviceOutOfMemoryException.class, () -> a.allocate(3L << 20));   // 4 MiB class never fits
        assertEquals(1, raw.frees, "the cached block was freed before giving up");
        assertEquals(0, a.stats().bytesCached());
    }

    @Test void outOfMemoryAfterTrimSaysWhatWasAsked() {
        CountingRawAllocator raw = new CountingRawAllocator(4L << 20);
        CachingAllocator a = new CachingAllocator(raw);
        a.release(a.allocate(2L << 20));
        long ok = a.allocate(4L << 20);        // fails first (2 MiB cached), succeeds after the cache is freed
        assertEquals(1, raw.frees);
        a.release(ok);
        long held = a.allocate(4L << 20);
        var e = assertThrows(DeviceOutOfMemoryException.class, () -> a.allocate(1L << 20));
        assertTrue(e.getMessage().contains("1048576 bytes requested"), e.getMessage());
        a.release(held);
    }

    @Test void closedBuffersReturnToTheCacheAndDroppedOnesComeBackThroughTheCleaner() throws InterruptedException {
        CountingRawAllocator raw = new CountingRawAllocator(1L << 30);
        CachingAllocator a = new CachingAllocator(raw);
        try (DeviceBuffer b = a.buffer(1000)) {
            assertEquals(1000, b.bytes());
            assertTrue(b.address() != 0);
        }
        assertEquals(0, a.stats().bytesInUse());
        dropOne(a);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (a.stats().bytesInUse() != 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
            a.release(a.allocate(16));         // the next allocation drains the cleaner's queue
        }
        assertEquals(0, a.stats().bytesInUse(), "an unreachable buffer's block must come back");
        assertEquals(0, raw.frees, "it comes back to the cache, not to the device");
    }

    private static void dropOne(CachingAllocator a) {
        DeviceBuffer leaked = a.buffer(1000);
        assertTrue(leaked.address() != 0);
    }

    @Test void bufferUseAfterCloseFails() {
        CachingAllocator a = new CachingAllocator(new CountingRawAllocator(1L << 30));
        DeviceBuffer b = a.buffer(8);
        b.close();
        b.close();   // idempotent
        var e = assertThrows(IllegalStateException.class, b::address);
        assertTrue(e.getMessage().contains("after close"), e.getMessage());
    }
}
