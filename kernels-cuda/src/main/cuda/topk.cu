// Grow-step selection: the k largest |dense gradient| among inactive positions of a mask.
// Radix select on the float bits of non-negative scores (order-preserving as integers): the host builds the
// threshold bit by bit with count_at_least, then marks the winners; ties at the threshold go to the lowest
// indices, so the selection is deterministic. See TopKSelection (host side, with a CPU twin).
#include "common.cuh"

// score[i] = |grad[i]| where mask[i] == 0 (a candidate), -1 where the connection is already active.
extern "C" __global__ void grow_scores_f32(const unsigned char* mask, const float* grad, float* score, long long n) {
    GRID_STRIDE(i, n) score[i] = mask[i] ? -1.0f : fabsf(grad[i]);
}

// count[0] += number of scores >= threshold (an exact integer count: atomics do not make it nondeterministic).
extern "C" __global__ void count_at_least_f32(const float* score, float threshold, unsigned long long* count,
                                              long long n) {
    unsigned long long local = 0;
    GRID_STRIDE(i, n) local += score[i] >= threshold ? 1 : 0;
    local += __shfl_xor_sync(0xffffffffu, local, 16);
    local += __shfl_xor_sync(0xffffffffu, local, 8);
    local += __shfl_xor_sync(0xffffffffu, local, 4);
    local += __shfl_xor_sync(0xffffffffu, local, 2);
    local += __shfl_xor_sync(0xffffffffu, local, 1);
    if (threadIdx.x % 32 == 0 && local != 0) atomicAdd(count, local);
}

// Ties per block: tie_count[b] = number of scores == threshold in block b's contiguous chunk of BLOCK elements.
extern "C" __global__ void count_ties_f32(const float* score, float threshold, int* tie_count, long long n) {
    __shared__ double shared[BLOCK];
    long long i = (long long)blockIdx.x * BLOCK + threadIdx.x;
    double tie = i < n && score[i] == threshold ? 1.0 : 0.0;
    double total = block_sum(tie, shared);
    if (threadIdx.x == 0) tie_count[blockIdx.x] = (int)total;
}

// selected[i] = 1 for score > threshold, and for the first ties_wanted scores == threshold in index order;
// tie_offset[b] is the number of ties in the blocks before b (exclusive prefix sum, computed on the host).
// One block per BLOCK-element chunk (no grid stride: the host launches ceil(n / BLOCK) blocks).
extern "C" __global__ void select_top_f32(const float* score, float threshold, const int* tie_offset,
                                          int ties_wanted, unsigned char* selected, long long n) {
    __shared__ int scan[BLOCK];
    long long i = (long long)blockIdx.x * BLOCK + threadIdx.x;
    float s = i < n ? score[i] : -1.0f;
    int tie = s == threshold ? 1 : 0;
    scan[threadIdx.x] = tie;
    __syncthreads();
    for (int d = 1; d < BLOCK; d <<= 1) {  // inclusive Hillis-Steele scan of the tie flags
        int add = threadIdx.x >= d ? scan[threadIdx.x - d] : 0;
        __syncthreads();
        scan[threadIdx.x] += add;
        __syncthreads();
    }
    int rank = tie_offset[blockIdx.x] + scan[threadIdx.x] - tie;  // ties before this one
    if (i < n) selected[i] = (s > threshold || (tie && rank < ties_wanted)) ? 1 : 0;
}
