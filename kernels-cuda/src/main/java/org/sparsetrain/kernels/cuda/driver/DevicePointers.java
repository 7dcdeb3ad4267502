package org.sparsetrain.kernels.cuda.driver;

import org.bytedeco.javacpp.FloatPointer;

/** JavaCPP pointer objects wrapping raw device addresses (for APIs such as cuBLAS that take typed pointers). */
final class DevicePointers {
    private DevicePointers() {}

    /** A {@code float*} at a device address; JavaCPP never dereferences it, it only passes the address on. */
    static FloatPointer floats(long deviceAddress) {
        // the parameter must not be called 'address': inside the anonymous class that name is Pointer's field
        return new FloatPointer() {
            { this.address = deviceAddress; }
        };
    }
}
