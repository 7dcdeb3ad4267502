// Shared helpers of the sparsetrain CUDA kernels. Every kernel is extern "C" (no name mangling) so the host
// looks it up by its plain name with cuModuleGetFunction.
#pragma once

// Grid-stride loop over [0, n): correct for any grid size, so the host may cap the grid.
#define GRID_STRIDE(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (long long)(n); \
         i += (long long)blockDim.x * gridDim.x)

// Block-wide sum of one double per thread, in a fixed tree order (deterministic for a fixed blockDim,
// which the host always sets to BLOCK). Every thread of the block must call it; thread 0 gets the result.
#define BLOCK 256
__device__ inline double block_sum(double v, double* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int s = BLOCK / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
        __syncthreads();
    }
    double r = shared[0];
    __syncthreads();
    return r;
}

// Warp-wide float sum in a fixed butterfly order; every lane gets the result.
__device__ inline float warp_sum(float v) {
    for (int s = 16; s > 0; s >>= 1) v += __shfl_xor_sync(0xffffffffu, v, s);
    return v;
}
