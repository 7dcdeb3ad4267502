package org.sparsetrain.kernels.cuda.driver;

import static org.bytedeco.cuda.global.cudart.CU_STREAM_DEFAULT;
import static org.bytedeco.cuda.global.cudart.cuMemsetD32Async;
import static org.bytedeco.cuda.global.cudart.cuStreamCreate;
import static org.bytedeco.cuda.global.cudart.cuStreamDestroy;

import org.bytedeco.cuda.cudart.CUstream_st;
import org.sparsetrain.kernels.cuda.launch.GemmMapping;
import org.sparsetrain.kernels.cuda.launch.Grid;
import org.sparsetrain.kernels.cuda.launch.KernelArg;
import org.sparsetrain.kernels.cuda.memory.AllocatorStats;
import org.sparsetrain.kernels.cuda.memory.CachingAllocator;
import org.sparsetrain.kernels.cuda.memory.DeviceBuffer;
import org.sparsetrain.kernels.cuda.residency.DeviceMirrors;

/**
 * Everything one GPU backend owns on its device: one stream (kernels, cuBLAS and copies all run on it, in order,
 * which is also what makes returning scratch blocks to the cache before the stream has drained safe), the
 * kernel modules, cuBLAS, the caching allocator, pinned staging and the host-array mirrors.
 */
public final class CudaRuntime implements AutoCloseable {
    private final CudaDevice device;
    private final CUstream_st stream = new CUstream_st();
    private final KernelModules modules;
    private final Launcher launcher;
    private final Cublas cublas;
    private final CachingAllocator allocator;
    private final PinnedTransfers transfers;
    private final DeviceMirrors mirrors;

    public CudaRuntime(CudaDevice device) {
        this.device = device;
        device.makeCurrent();
        Driver.check(cuStreamCreate(stream, CU_STREAM_DEFAULT), "cuStreamCreate");
        this.modules = new KernelModules();
        this.launcher = new Launcher(modules, stream);
        this.cublas = new Cublas(stream);
        this.allocator = new CachingAllocator(new CudaRawAllocator());
        this.transfers = new PinnedTransfers(stream);
        this.mirrors = new DeviceMirrors(allocator, transfers, mirrorBudget(device));
    }

    /** System property: device bytes host-array mirrors may hold (default: 40 % of the device's memory). */
    public static final String MIRROR_BUDGET_PROPERTY = "sparsetrain.cuda.mirrorBytes";

    static long mirrorBudget(CudaDevice device) {
        String p = System.getProperty(MIRROR_BUDGET_PROPERTY);
        if (p == null || p.isBlank()) return Math.max(64L << 20, (long) (device.totalMemory() * 0.4));
        try {
            long v = Long.parseLong(p.trim());
            if (v <= 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + MIRROR_BUDGET_PROPERTY + " must be a positive number of bytes, got '" + p + "'");
        }
    }

    public CudaDevice device() { return device; }

    /** Call at the start of every backend entry point (the context is per thread). */
    public void enter() { device.makeCurrent(); }

    public DeviceMirrors mirrors() { return mirrors; }

    public PinnedTransfers transfers() { return transfers; }

    /** A scratch block; closing it before the stream drained is safe (single stream). */
    public DeviceBuffer scratch(long bytes) { return allocator.buffer(bytes); }

    /** Zeroes {@code bytes} (a multiple of 4) at {@code address}, on the stream. */
    public void zero(long address, long bytes) {
        Driver.check(cuMemsetD32Async(address, 0, bytes / 4, stream), "cuMemsetD32Async");
    }

    public AllocatorStats allocatorStats() { return allocator.stats(); }

    public void launch(String module, String kernel, Grid grid, KernelArg... args) {
        launcher.launch(module, kernel, grid, args);
    }

    public void sgemm(GemmMapping g, float alpha, long a, long b, float beta, long c) {
        cublas.sgemm(g, alpha, a, b, beta, c);
    }

    @Override public void close() {
        enter();
        mirrors.close();
        transfers.finish();
        transfers.close();
        cublas.close();
        modules.close();
        allocator.close();
        cuStreamDestroy(stream);
    }
}
