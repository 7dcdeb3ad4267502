package org.sparsetrain.kernels.cuda.residency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sparsetrain.kernels.cuda.memory.CachingAllocator;

class DeviceMirrorsTest {
    private final FakeDevice dev = new FakeDevice();
    private final CachingAllocator allocator = new CachingAllocator(dev);
    private final DeviceMirrors mirrors = new DeviceMirrors(allocator, dev, 1L << 30);

    @Test void firstUseUploadsTheWholeArrayThenUnchangedInputsCostNothing() {
        float[] w = {1, 2, 3, 4, 5, 6};
        long p = mirrors.input(w, 2, 3);
        mirrors.finishCall();
        assertEquals(List.of("up 0+6"), dev.log);
        assertEquals(3f, dev.readFloat(p));
        for (int i = 0; i < 3; i++) {
            assertEquals(p, mirrors.input(w, 2, 3), "same array, same device address");
            mirrors.finishCall();
        }
        assertEquals(List.of("up 0+6"), dev.log, "an unchanged host region is not uploaded again");
        assertEquals(6 + 0, mirrors.counters()[0]);
        assertEquals(12, mirrors.counters()[1], "4 reads of 3 elements found unchanged");
    }

    @Test void aHostWriteIsDetectedAndOnlyTheChangedSuffixIsUploaded() {
        float[] w = new float[10];
        mirrors.input(w, 0, 10);
        mirrors.finishCall();
        w[6] = 42;                                   // e.g. an optimizer step on the host
        long p = mirrors.input(w, 0, 10);
        mirrors.finishCall();
        assertEquals(List.of("up 0+10", "up 6+4"), dev.log);
        assertEquals(42f, dev.readFloat(p + 6 * 4));
        w[9] = Float.NaN;
        mirrors.input(w, 0, 8);                      // a region that does not contain the change
        mirrors.finishCall();
        assertEquals(2, dev.log.size(), "a change outside the region read is left for later");
        mirrors.input(w, 0, 10);
        assertEquals("up 9+1", dev.log.getLast());
    }

    @Test void outputsAreDownloadedAndThenKnownToBeCurrent() {
        float[] x = {1, 2, 3}, y = new float[3];
        long px = mirrors.input(x, 0, 3), py = mirrors.output(y, 0, 3);
        for (int i = 0; i < 3; i++) dev.writeFloat(py + 4L * i, 2 * dev.readFloat(px + 4L * i));   // the "kernel"
        mirrors.finishCall();
        assertArrayEquals(new float[] {2, 4, 6}, y);
        assertEquals("down 0+3", dev.log.getLast());
        int before = dev.log.size();
        mirrors.input(y, 0, 3);                      // the next op reads the previous op's output
        mirrors.finishCall();
        assertEquals(before, dev.log.size(), "a downloaded output needs no upload when it is read next");
    }

    @Test void anInPlaceOutputOfAViewLeavesTheRestOfTheArrayAlone() {
        float[] storage = {9, 1, 2, 9};
        long p = mirrors.inputOutput(storage, 1, 2);
        dev.writeFloat(p, -1);
        dev.writeFloat(p + 4, -2);
        storage[0] = 7;                              // host writes outside the region while the call runs
        mirrors.finishCall();
        assertArrayEquals(new float[] {7, -1, -2, 9}, storage);
        assertEquals("down 1+2", dev.log.getLast());
        mirrors.input(storage, 0, 4);
        assertEquals("up 0+4", dev.log.getLast(), "from the first host-side change to the end of the region read");
        mirrors.input(storage, 0, 4);
        assertEquals("up 0+4", dev.log.getLast(), "and then nothing");
    }

    @Test void regionsOutsideTheArrayAreRejected() {
        float[] a = new float[4];
        var e = assertThrows(IndexOutOfBoundsException.class, () -> mirrors.input(a, 2, 3));
        assertTrue(e.getMessage().contains("[2, 5) outside an array of 4"), e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> mirrors.input(new short[2], 0, 1));
        assertTrue(f.getMessage().contains("short[]"), f.getMessage());
    }

    @Test void beyondTheBudgetLeastRecentlyUsedMirrorsAreEvictedAndStepsStopAllocating() {
        CachingAllocator alloc = new CachingAllocator(dev);
        DeviceMirrors small = new DeviceMirrors(alloc, dev, 3 * 4096);   // room for three 4 KiB arrays
        float[] weights = new float[1024];
        long raw = 0;
        for (int step = 0; step < 6; step++) {
            float[] activation = new float[1024], gradient = new float[1024];   // fresh arrays every step, as in training
            small.input(weights, 0, 1024);
            small.output(activation, 0, 1024);
            small.finishCall();
            small.input(activation, 0, 1024);
            small.output(gradient, 0, 1024);
            small.finishCall();
            if (step == 1) raw = alloc.stats().rawAllocations();
            assertTrue(small.mirroredBytes() <= 3 * 4096 + 4096, "budget exceeded: " + small.mirroredBytes());
        }
        assertEquals(raw, alloc.stats().rawAllocations(), "evicted blocks are reused: " + alloc.stats());
        assertTrue(small.evictions() > 0);
    }

    @Test void mirrorsUsedByTheCurrentCallAreNeverEvicted() {
        DeviceMirrors tiny = new DeviceMirrors(new CachingAllocator(dev), dev, 4096);
        float[] a = new float[1024], b = new float[1024], c = new float[1024];
        long pa = tiny.input(a, 0, 1024), pb = tiny.input(b, 0, 1024);   // both exceed the budget together
        long pc = tiny.output(c, 0, 1024);
        dev.writeFloat(pc, 5);
        tiny.finishCall();
        assertEquals(0, tiny.evictions(), "a and b are in use by this call");
        assertEquals(5f, c[0]);
        assertTrue(pa != pb && pb != pc);
        tiny.input(new float[1024], 0, 1024);                           // next call: now a, b, c may go
        assertTrue(tiny.evictions() >= 1);
    }

    @Test void mirrorsOfCollectedArraysAreFreed() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            mirrors.input(new float[1000], 0, 1000);
            mirrors.finishCall();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (mirrors.size() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
            mirrors.finishCall();
        }
        assertEquals(0, mirrors.size(), "every array was dropped, so every mirror must go");
        assertEquals(0, allocator.stats().bytesInUse());
        mirrors.close();
    }
}
