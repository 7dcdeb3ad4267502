package org.sparsetrain.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class ScratchArrayTest {
    @Test void aThreadGetsItsArrayBackGrownWhenTooShort() {
        ScratchArray s = new ScratchArray();
        float[] a = s.take(100);
        assertTrue(a.length >= 100);
        assertSame(a, s.take(50), "a shorter request reuses the kept array");
        float[] b = s.take(1000);
        assertTrue(b.length >= 1000);
        assertSame(b, s.take(1000));
    }

    @Test void otherThreadsGetTheirOwnArray() throws InterruptedException {
        ScratchArray s = new ScratchArray();
        float[] mine = s.take(64);
        AtomicReference<float[]> theirs = new AtomicReference<>();
        Thread t = new Thread(() -> theirs.set(s.take(64)));
        t.start();
        t.join();
        assertNotSame(mine, theirs.get());
        assertSame(mine, s.take(64));
    }

    @Test void hugeArraysAreNotKept() {
        ScratchArray s = new ScratchArray();
        float[] a = s.take(ScratchArray.MAX_KEPT_FLOATS + 1L);
        assertNotSame(a, s.take(ScratchArray.MAX_KEPT_FLOATS + 1L));
    }
}
