package org.sparsetrain.engine.tensor;

/** Element type of a tensor's storage. */
public enum DType {
    /** The training type: every kernel backend supports it. */
    F32(4),
    /** Double precision, for finite-difference gradient checks on the reference backend. */
    F64(8);

    private final int bytes;

    DType(int bytes) { this.bytes = bytes; }

    public int bytes() { return bytes; }
}
