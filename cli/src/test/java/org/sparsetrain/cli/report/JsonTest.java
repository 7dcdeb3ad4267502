package org.sparsetrain.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesNestedValuesCompactAndPretty() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"b\"\n");
        m.put("epoch", 3);
        m.put("loss", 0.123456789);
        m.put("nan", Double.NaN);
        m.put("list", List.of(1, true, "x"));
        m.put("empty", Map.of());
        assertEquals("{\"name\":\"a \\\"b\\\"\\n\",\"epoch\":3,\"loss\":0.12345679,\"nan\":null,\"list\":[1,true,\"x\"],\"empty\":{}}",
                Json.write(m));
        assertEquals("{\n  \"a\": [\n    1.5\n  ]\n}\n", Json.pretty(Map.of("a", List.of(1.5))));
        assertEquals("1e-07", Json.write(1e-7));
        assertEquals("2.5", Json.write(2.5));
        assertEquals("141274", Json.write(141274.0001));
        assertEquals("1.25e-07", Json.write(1.25e-7));
    }
}
