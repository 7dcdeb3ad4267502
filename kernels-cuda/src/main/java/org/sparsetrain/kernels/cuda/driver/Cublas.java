package org.sparsetrain.kernels.cuda.driver;

import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetStream_v2;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;

import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.FloatPointer;
import org.sparsetrain.kernels.cuda.launch.GemmMapping;

/**
 * cuBLAS through the v2 handle API ({@code cublasCreate_v2}, {@code cublasSetStream_v2}, {@code cublasSgemm_v2}:
 * present since CUDA 4), on the backend's stream, default math mode (true FP32, no TF32), host scalars.
 */
public final class Cublas implements AutoCloseable {
    private final cublasContext handle = new cublasContext();
    private final FloatPointer alpha = new FloatPointer(1), beta = new FloatPointer(1);

    public Cublas(CUstream_st stream) {
        check(cublasCreate_v2(handle), "cublasCreate_v2");
        check(cublasSetStream_v2(handle, stream), "cublasSetStream_v2");
    }

    /** Row-major {@code C = alpha·op(A)·op(B) + beta·C} on device addresses, by the operand swap of {@link GemmMapping}. */
    public void sgemm(GemmMapping g, float alphaValue, long a, long b, float betaValue, long c) {
        alpha.put(alphaValue);
        beta.put(betaValue);
        try (FloatPointer pa = DevicePointers.floats(a); FloatPointer pb = DevicePointers.floats(b);
             FloatPointer pc = DevicePointers.floats(c)) {
            check(cublasSgemm_v2(handle, g.transFirst() ? CUBLAS_OP_T : CUBLAS_OP_N,
                    g.transSecond() ? CUBLAS_OP_T : CUBLAS_OP_N, g.rows(), g.cols(), g.inner(), alpha, pb, g.ldFirst(),
                    pa, g.ldSecond(), beta, pc, g.ldc()), "cublasSgemm_v2");
        }
    }

    @Override public void close() {
        cublasDestroy_v2(handle);
        alpha.close();
        beta.close();
    }

    private static void check(int status, String call) {
        if (status != 0) throw new CudaException(call, status, "cublasStatus_t " + status);
    }
}
