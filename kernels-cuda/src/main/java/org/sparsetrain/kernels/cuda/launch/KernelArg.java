package org.sparsetrain.kernels.cuda.launch;

/** One argument of a kernel launch, typed as the kernel's C signature declares it. */
public sealed interface KernelArg {
    /** A device pointer ({@code float*}, {@code const int*}, ...); 0 is {@code nullptr}. */
    record Address(long address) implements KernelArg {}

    record Int(int value) implements KernelArg {}

    /** A {@code long long}. */
    record Long(long value) implements KernelArg {}

    record Float(float value) implements KernelArg {}

    /** A struct of {@code int} fields passed by value (the kernels' Pool and Conv geometry structs). */
    record IntStruct(int... fields) implements KernelArg {}

    static KernelArg ptr(long address) { return new Address(address); }

    static KernelArg i32(int v) { return new Int(v); }

    static KernelArg i64(long v) { return new Long(v); }

    static KernelArg f32(double v) { return new Float((float) v); }

    static KernelArg ints(int... v) { return new IntStruct(v); }
}
