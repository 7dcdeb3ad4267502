package org.sparsetrain.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class FreeArraysTest {
    @Test void takesTheLastPutArrayOfExactlyThatLength() {
        FreeArrays<float[]> free = new FreeArrays<>(Float.BYTES);
        assertNull(free.take(4));
        float[] a = new float[4], b = new float[4], c = new float[5];
        free.put(4, a);
        free.put(4, b);
        free.put(5, c);
        assertSame(b, free.take(4), "last in, first out: the most recently used array is the warmest");
        assertSame(a, free.take(4));
        assertNull(free.take(4));
        assertNull(free.take(6), "never a longer or shorter array");
        assertSame(c, free.take(5));
    }

    @Test void keepsManyLengths() {
        FreeArrays<double[]> free = new FreeArrays<>(Double.BYTES);
        double[][] arrays = new double[40][];
        for (int n = 0; n < 40; n++) free.put(n + 1, arrays[n] = new double[n + 1]);
        for (int n = 39; n >= 0; n--) assertSame(arrays[n], free.take(n + 1));
        for (int n = 0; n < 40; n++) assertNull(free.take(n + 1));
    }

    @Test void countsTheBytesItHolds() {
        FreeArrays<int[]> free = new FreeArrays<>(Integer.BYTES);
        free.put(10, new int[10]);
        free.put(3, new int[3]);
        assertEquals(52, free.heldBytes());
        free.take(10);
        assertEquals(12, free.heldBytes());
        free.take(10); // none left of that length: nothing changes
        assertEquals(12, free.heldBytes());
        assertEquals(40, free.bytes(10));
    }
}
