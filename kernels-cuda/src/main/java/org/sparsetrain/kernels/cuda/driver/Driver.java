package org.sparsetrain.kernels.cuda.driver;

import static org.bytedeco.cuda.global.cudart.cuGetErrorName;
import static org.bytedeco.cuda.global.cudart.cuGetErrorString;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Error checking for driver API calls. Touching this class loads the JavaCPP CUDA presets: only code that runs
 * after a successful probe (or inside the probe's native step) may use it.
 */
public final class Driver {
    private Driver() {}

    /** Throws a {@link CudaException} naming {@code call} unless {@code result} is CUDA_SUCCESS (0). */
    public static void check(int result, String call) {
        if (result != 0) throw new CudaException(call, result, describe(result));
    }

    static String describe(int result) {
        try (PointerPointer<BytePointer> name = new PointerPointer<>(1);
             PointerPointer<BytePointer> text = new PointerPointer<>(1)) {
            String n = cuGetErrorName(result, name) == 0 ? string(name) : null;
            String t = cuGetErrorString(result, text) == 0 ? string(text) : null;
            if (n == null && t == null) return null;
            return n == null ? t : t == null ? n : n + ": " + t;
        }
    }

    private static String string(PointerPointer<BytePointer> p) {
        BytePointer s = p.get(BytePointer.class, 0);
        return s == null || s.isNull() ? null : s.getString();
    }
}
