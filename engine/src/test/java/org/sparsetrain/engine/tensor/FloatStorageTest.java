package org.sparsetrain.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The storage pad that puts a tensor's first element on a 64-byte line. */
class FloatStorageTest {

    /** The suite runs with -XX:ObjectAlignmentInBytes=64 (pom.xml, test.jvm.flags), as the launcher does. */
    @Test
    void padsToACacheLineUnderTheSuitesObjectAlignment() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertTrue(args.contains("-XX:ObjectAlignmentInBytes=64"), "this test expects the suite's flags, got " + args);
        // default HotSpot headers: a float[]'s elements start 16 bytes into the object, so 12 floats reach byte 64
        assertEquals(args.contains("-XX:+UseCompactObjectHeaders") ? 13 : 12, FloatStorage.PAD);
    }

    @Test
    void tensorsAndTheirValuesStartAfterThePad() {
        Tensor t = Tensor.zeros(DType.F32, 3, 5);
        assertEquals(FloatStorage.PAD, t.offset());
        assertEquals(FloatStorage.PAD + 15, t.floats().length);
        t.setFlat(14, 2.5);
        assertEquals(2.5f, t.floats()[FloatStorage.PAD + 14]);
        assertEquals(2.5f, t.toFloatArray()[14]);
        assertEquals(0, Tensor.zeros(DType.F64, 3, 5).offset(), "double tensors (gradient checks) are not padded");
    }
}
