package org.sparsetrain.kernels.cuda.driver;

import static org.bytedeco.cuda.global.cudart.CUDA_ERROR_OUT_OF_MEMORY;
import static org.bytedeco.cuda.global.cudart.cuMemAlloc;
import static org.bytedeco.cuda.global.cudart.cuMemFree;

import org.sparsetrain.kernels.cuda.memory.DeviceOutOfMemoryException;
import org.sparsetrain.kernels.cuda.memory.RawAllocator;

/** {@code cuMemAlloc}/{@code cuMemFree} (the {@code _v2} entry points, present since CUDA 3.2). */
public final class CudaRawAllocator implements RawAllocator {
    @Override public long allocate(long bytes) {
        long[] address = new long[1];
        int result = cuMemAlloc(address, bytes);
        if (result == CUDA_ERROR_OUT_OF_MEMORY) throw new DeviceOutOfMemoryException("cuMemAlloc(" + bytes + ")");
        Driver.check(result, "cuMemAlloc(" + bytes + " bytes)");
        return address[0];
    }

    @Override public void free(long address) { Driver.check(cuMemFree(address), "cuMemFree"); }
}
