// Rebuild a CSR matrix from a dense weight and its mask [rows][cols] after a topology update.
#include "common.cuh"

// counts[r] = number of active entries of mask row r (one warp per row).
extern "C" __global__ void mask_row_counts(const unsigned char* mask, int rows, int cols, int* counts) {
    int warp = (blockIdx.x * blockDim.x + threadIdx.x) / 32, lane = threadIdx.x % 32;
    int warps = gridDim.x * blockDim.x / 32;
    for (int r = warp; r < rows; r += warps) {
        int c = 0;
        for (int j = lane; j < cols; j += 32) c += mask[(long long)r * cols + j] ? 1 : 0;
        for (int s = 16; s > 0; s >>= 1) c += __shfl_xor_sync(0xffffffffu, c, s);
        if (lane == 0) counts[r] = c;
    }
}

// row_ptr[0] = 0, row_ptr[r + 1] = row_ptr[r] + counts[r]. A single thread: rows are few (layer outputs) and
// this keeps the scan trivially deterministic.
extern "C" __global__ void rows_exclusive_scan(const int* counts, int rows, int* row_ptr) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    int acc = 0;
    row_ptr[0] = 0;
    for (int r = 0; r < rows; r++) {
        acc += counts[r];
        row_ptr[r + 1] = acc;
    }
}

// col_idx and values of each row in ascending column order: one warp per row, 32 columns at a time,
// compacted with a ballot (order-preserving).
extern "C" __global__ void mask_to_csr_f32(const unsigned char* mask, const float* w, int rows, int cols,
                                           const int* row_ptr, int* col_idx, float* values) {
    int warp = (blockIdx.x * blockDim.x + threadIdx.x) / 32, lane = threadIdx.x % 32;
    int warps = gridDim.x * blockDim.x / 32;
    for (int r = warp; r < rows; r += warps) {
        int out = row_ptr[r];
        for (int base = 0; base < cols; base += 32) {
            int j = base + lane;
            bool on = j < cols && mask[(long long)r * cols + j];
            unsigned ballot = __ballot_sync(0xffffffffu, on);
            if (on) {
                int at = out + __popc(ballot & ((1u << lane) - 1u));
                col_idx[at] = j;
                values[at] = w[(long long)r * cols + j];
            }
            out += __popc(ballot);
        }
    }
}
