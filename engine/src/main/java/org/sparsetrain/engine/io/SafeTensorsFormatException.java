package org.sparsetrain.engine.io;

import java.io.IOException;

/** A safetensors file that cannot be read: its message names the file and what is wrong with it. */
public final class SafeTensorsFormatException extends IOException {
    private final String source;

    public SafeTensorsFormatException(String source, String problem) {
        super("safetensors file " + source + ": " + problem);
        this.source = source;
    }

    /** The file (or resource) that was being read. */
    public String source() { return source; }
}
