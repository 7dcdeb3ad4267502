// Sparse weight kernels on feature-major activations (batch innermost), the GPU twins of kernels-cpu's
// SparseKernels: W [m][k] in CSR, X [k][n], Y [m][n].
#include "common.cuh"

// Y[i][:] = beta * Y[i][:] + sum_p values[p] * X[col_idx[p]][:]. blockIdx.y walks rows, x-threads walk the batch,
// so every thread of a block reads the same nonzeros (broadcast) and consecutive batch entries (coalesced).
// beta == 0 overwrites Y (NaN in the old Y is ignored). With the CSC arrays of W (col_ptr, row_idx,
// values_t) and m = k columns this is the transposed product dX = Wᵀ · dY.
extern "C" __global__ void csr_spmm_f32(int rows, long long n, const int* row_ptr, const int* col_idx,
                                        const float* values, const float* x, float beta, float* y) {
    long long j = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= n) return;
    for (int i = blockIdx.y; i < rows; i += gridDim.y) {
        float acc = 0.0f;
        for (int p = row_ptr[i]; p < row_ptr[i + 1]; p++) acc = fmaf(values[p], x[(long long)col_idx[p] * n + j], acc);
        float* out = y + (long long)i * n + j;
        *out = beta == 0.0f ? acc : fmaf(beta, *out, acc);
    }
}

// The CSC copy of the values after W's values changed: values_t[q] = values[perm[q]].
extern "C" __global__ void csc_refresh_f32(const int* perm, const float* values, float* values_t, long long nnz) {
    GRID_STRIDE(q, nnz) values_t[q] = values[perm[q]];
}

// Values-aligned weight gradient: dw[p] = dY[i][:] · X[j][:] for every nonzero p = (i, j).
// One block per row (grid-stride), one warp per nonzero, lanes stride the batch; fixed reduction order.
extern "C" __global__ void sddmm_f32(int rows, long long n, const int* row_ptr, const int* col_idx,
                                     const float* dy, const float* x, float* dw) {
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32, warps = blockDim.x / 32;
    for (int i = blockIdx.x; i < rows; i += gridDim.x) {
        const float* dyr = dy + (long long)i * n;
        for (int p = row_ptr[i] + warp; p < row_ptr[i + 1]; p += warps) {
            const float* xr = x + (long long)col_idx[p] * n;
            float acc = 0.0f;
            for (long long b = lane; b < n; b += 32) acc = fmaf(dyr[b], xr[b], acc);
            acc = warp_sum(acc);
            if (lane == 0) dw[p] = acc;
        }
    }
}
