package org.sparsetrain.engine.tensor;

import java.lang.management.ManagementFactory;

/**
 * Where the elements of a newly allocated float tensor start inside its array: on a 64-byte cache line when the JVM
 * makes that possible, else at 0.
 *
 * <p>Why: the SIMD kernels load whole 64-byte vectors along the batch. A Java {@code float[]} keeps its elements 16
 * bytes after the object start (12 with compact object headers), and objects are only 8-byte aligned by default, so
 * an activation row of 128 floats usually straddles nine cache lines and every vector load is split across two.
 * Measured on the build machine (docs/performance.md, "Cache-line alignment"): the sparse kernels, which stream such
 * rows from L2, run 20-30 % faster when every row starts on a line. With {@code -XX:ObjectAlignmentInBytes=64}
 * every object starts on a line, so skipping {@link #PAD} elements puts element 0 on one too; under any other
 * setting the start of an array is unknown (and moves with the collector), so the pad is 0.
 *
 * <p>The pad never changes a result: every kernel and op takes a tensor's offset into account (the test suite runs
 * with the flag, so with the pad).
 */
public final class FloatStorage {
    private static final int LINE_BYTES = 64;

    /** Elements skipped at the start of every array {@link #allocate} returns. */
    public static final int PAD = pad();

    private FloatStorage() {}

    /** A zeroed array holding {@code size} elements from offset {@link #PAD}. */
    public static float[] allocate(int size) {
        return new float[Math.addExact(size, PAD)];
    }

    private static int pad() {
        try {
            var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (Integer.parseInt(option(vm, "ObjectAlignmentInBytes", "8")) % LINE_BYTES != 0) return 0;
            boolean compact = Boolean.parseBoolean(option(vm, "UseCompactObjectHeaders", "false"));
            boolean compressedClass = Boolean.parseBoolean(option(vm, "UseCompressedClassPointers", "true"));
            // HotSpot's float[] header: mark word (holding the class with compact headers), class pointer, length
            int base = compact ? 12 : compressedClass ? 16 : 20;
            return (LINE_BYTES - base) / Float.BYTES;
        } catch (RuntimeException | LinkageError e) {
            // not HotSpot, or a runtime image without java.management / jdk.management: alignment unknown
            return 0;
        }
    }

    /** A HotSpot option's value, or {@code absent} where this JVM does not have the option. */
    private static String option(com.sun.management.HotSpotDiagnosticMXBean vm, String name, String absent) {
        try {
            return vm.getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return absent;
        }
    }
}
