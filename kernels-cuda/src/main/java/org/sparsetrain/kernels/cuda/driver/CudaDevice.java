package org.sparsetrain.kernels.cuda.driver;

import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static org.bytedeco.cuda.global.cudart.cuCtxSetCurrent;
import static org.bytedeco.cuda.global.cudart.cuDeviceGet;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetCount;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetName;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRetain;
import static org.bytedeco.cuda.global.cudart.cuDeviceTotalMem;
import static org.bytedeco.cuda.global.cudart.cuDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cuInit;

import java.nio.charset.StandardCharsets;

import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.cuda.global.cudart;

/**
 * One GPU with its primary context, opened by the probe. Only long-standing driver entry points are used
 * ({@code cuInit}, {@code cuDeviceGet*}, {@code cuDevicePrimaryCtxRetain}, {@code cuCtxSetCurrent}): the CUDA 13
 * {@code cuCtxCreate} has a new signature (v4), and presets built for 13.x may reference functions a 13.0 driver
 * lacks, whose call ends the JVM.
 */
public final class CudaDevice {
    /** System property choosing the device ordinal (default 0). */
    public static final String DEVICE_PROPERTY = "sparsetrain.cuda.device";

    private final int ordinal;
    private final int device;
    private final CUctx_st context;
    private final String name;
    private final int ccMajor, ccMinor, driverVersion;
    private final long totalMemory;

    private CudaDevice(int ordinal, int device, CUctx_st context, String name, int ccMajor, int ccMinor,
                       int driverVersion, long totalMemory) {
        this.ordinal = ordinal;
        this.device = device;
        this.context = context;
        this.name = name;
        this.ccMajor = ccMajor;
        this.ccMinor = ccMinor;
        this.driverVersion = driverVersion;
        this.totalMemory = totalMemory;
    }

    /** The probe's native step: loads the presets, initialises the driver, retains the device's primary context. */
    public static CudaDevice open() {
        Loader.load(cudart.class);
        Driver.check(cuInit(0), "cuInit");
        int[] version = new int[1];
        Driver.check(cuDriverGetVersion(version), "cuDriverGetVersion");
        int[] count = new int[1];
        Driver.check(cuDeviceGetCount(count), "cuDeviceGetCount");
        if (count[0] == 0) throw new IllegalStateException("the driver reports no CUDA device");
        int ordinal = Integer.getInteger(DEVICE_PROPERTY, 0);
        if (ordinal < 0 || ordinal >= count[0]) {
            throw new IllegalStateException("-D" + DEVICE_PROPERTY + "=" + ordinal + " but there are " + count[0] + " device(s)");
        }
        int[] dev = new int[1];
        Driver.check(cuDeviceGet(dev, ordinal), "cuDeviceGet");
        int[] major = new int[1], minor = new int[1];
        Driver.check(cuDeviceGetAttribute(major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev[0]), "cuDeviceGetAttribute");
        Driver.check(cuDeviceGetAttribute(minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev[0]), "cuDeviceGetAttribute");
        if (major[0] < 8) {
            throw new IllegalStateException("device " + ordinal + " has compute capability " + major[0] + "." + minor[0]
                    + "; the kernels are PTX for compute_80 and need 8.0 or newer");
        }
        byte[] nameBytes = new byte[256];
        Driver.check(cuDeviceGetName(nameBytes, nameBytes.length, dev[0]), "cuDeviceGetName");
        int end = 0;
        while (end < nameBytes.length && nameBytes[end] != 0) end++;
        long total;
        try (SizeTPointer mem = new SizeTPointer(1)) {
            Driver.check(cuDeviceTotalMem(mem, dev[0]), "cuDeviceTotalMem");
            total = mem.get();
        }
        CUctx_st ctx = new CUctx_st();
        Driver.check(cuDevicePrimaryCtxRetain(ctx, dev[0]), "cuDevicePrimaryCtxRetain");
        Driver.check(cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
        return new CudaDevice(ordinal, dev[0], ctx, new String(nameBytes, 0, end, StandardCharsets.UTF_8),
                major[0], minor[0], version[0], total);
    }

    /** Makes the context current on the calling thread (cheap; every backend call does it). */
    public void makeCurrent() { Driver.check(cuCtxSetCurrent(context), "cuCtxSetCurrent"); }

    public int ordinal() { return ordinal; }

    public int handle() { return device; }

    public long totalMemory() { return totalMemory; }

    @Override public String toString() {
        return String.format("%s (device %d, compute capability %d.%d, %.1f GiB, driver CUDA %d.%d)", name, ordinal,
                ccMajor, ccMinor, totalMemory / (1024.0 * 1024 * 1024), driverVersion / 1000, driverVersion % 1000 / 10);
    }
}
