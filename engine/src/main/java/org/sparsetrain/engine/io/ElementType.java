package org.sparsetrain.engine.io;

import java.util.Arrays;
import java.util.Optional;

/** The safetensors dtypes this reader and writer support, with their names in the header. */
public enum ElementType {
    F32(4),
    F64(8),
    I32(4),
    I64(8);

    private final int bytes;

    ElementType(int bytes) { this.bytes = bytes; }

    /** Bytes per element. */
    public int bytes() { return bytes; }

    /** The type named {@code name} in a header (e.g. {@code "F32"}), if supported. */
    public static Optional<ElementType> fromHeaderName(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }
}
