// Reductions, accumulated in double in a fixed order (deterministic for a given size).
#include "common.cuh"

// out[r] = sum_c x[r][c]: one block per row (grid-stride over rows), each thread a strided partial sum.
extern "C" __global__ void sum_rows_f32(const float* x, float* out, int rows, long long cols) {
    __shared__ double shared[BLOCK];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* row = x + (long long)r * cols;
        double acc = 0.0;
        for (long long c = threadIdx.x; c < cols; c += BLOCK) acc += row[c];
        double total = block_sum(acc, shared);
        if (threadIdx.x == 0) out[r] = (float)total;
    }
}

// First pass of sum(a): partial[b] = sum of the elements block b visits (grid-stride, fixed grid).
extern "C" __global__ void sum_partial_f32(const float* a, double* partial, long long n) {
    __shared__ double shared[BLOCK];
    double acc = 0.0;
    GRID_STRIDE(i, n) acc += a[i];
    double total = block_sum(acc, shared);
    if (threadIdx.x == 0) partial[blockIdx.x] = total;
}

// Second pass, one block: result[0] = sum of the partials.
extern "C" __global__ void sum_final_f64(const double* partial, double* result, int count) {
    __shared__ double shared[BLOCK];
    double acc = 0.0;
    for (int i = threadIdx.x; i < count; i += BLOCK) acc += partial[i];
    double total = block_sum(acc, shared);
    if (threadIdx.x == 0) result[0] = total;
}
