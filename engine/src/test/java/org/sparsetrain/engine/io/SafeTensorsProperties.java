package org.sparsetrain.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.sparsetrain.engine.tensor.Tensor;

class SafeTensorsProperties {

    @Property(tries = 200)
    void anyValuesAndNamesSurviveARoundTrip(@ForAll @Size(min = 1, max = 40) double[] doubles,
                                             @ForAll @Size(max = 40) long[] longs,
                                             @ForAll @IntRange(min = 1, max = 5) int rows,
                                             @ForAll @StringLength(min = 1, max = 12) String name,
                                             @ForAll @StringLength(max = 20) String metaValue) throws Exception {
        double[] values = new double[rows * doubles.length];
        for (int i = 0; i < values.length; i++) values[i] = doubles[i % doubles.length] * (i / doubles.length + 1);
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) floats[i] = (float) values[i];
        Map<String, Entry> entries = new LinkedHashMap<>();
        String doubleName = name.equals("__metadata__") ? "x" : name;
        entries.put(doubleName, Entry.of(Tensor.of(values, rows, doubles.length)));
        entries.put(doubleName + "#f", Entry.of(Tensor.of(floats, values.length)));
        entries.put(doubleName + "#l", Entry.of(longs, longs.length));

        byte[] bytes = SafeTensors.toBytes(entries, Map.of("m", metaValue));
        SafeTensorsFile read = SafeTensors.read(bytes, "property");

        assertEquals(metaValue, read.meta("m"));
        assertArrayEquals(values, read.tensor(doubleName).toDoubleArray());
        assertArrayEquals(floats, read.tensor(doubleName + "#f").toFloatArray());
        assertArrayEquals(longs, read.longs(doubleName + "#l"));
        assertArrayEquals(bytes, SafeTensors.toBytes(read.entries(), read.metadata()));
    }
}
