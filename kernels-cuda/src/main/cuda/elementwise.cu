// Elementwise kernels over flat float arrays. Op codes are the ordinals of the engine's BinaryOp and UnaryOp
// enums (checked by CudaKernelsTest against the enums).
#include "common.cuh"

extern "C" __global__ void binary_f32(int op, const float* a, const float* b, float* out, long long n) {
    GRID_STRIDE(i, n) {
        float x = a[i], y = b[i];
        float r;
        switch (op) {
            case 0: r = x + y; break;   // ADD
            case 1: r = x - y; break;   // SUB
            case 2: r = x * y; break;   // MUL
            default: r = x / y; break;  // DIV
        }
        out[i] = r;
    }
}

extern "C" __global__ void unary_f32(int op, const float* a, float* out, long long n) {
    GRID_STRIDE(i, n) {
        float x = a[i];
        float r;
        switch (op) {
            case 0: r = x > 0.0f ? x : 0.0f; break;  // RELU (NaN -> 0, as the reference's a > 0 ? a : 0)
            case 1: r = -x; break;                   // NEG
            case 2: r = expf(x); break;              // EXP
            case 3: r = logf(x); break;              // LOG
            case 4: r = sqrtf(x); break;             // SQRT
            case 5: r = x * x; break;                // SQUARE
            default: r = fabsf(x); break;            // ABS
        }
        out[i] = r;
    }
}

// y += alpha * x
extern "C" __global__ void axpy_f32(float alpha, const float* x, float* y, long long n) {
    GRID_STRIDE(i, n) y[i] = fmaf(alpha, x[i], y[i]);
}

// out = alpha * a + beta
extern "C" __global__ void affine_f32(const float* a, float alpha, float beta, float* out, long long n) {
    GRID_STRIDE(i, n) out[i] = fmaf(alpha, a[i], beta);
}

// gx = x > 0 ? gy : 0 (gx may alias gy)
extern "C" __global__ void relu_backward_f32(const float* x, const float* gy, float* gx, long long n) {
    GRID_STRIDE(i, n) gx[i] = x[i] > 0.0f ? gy[i] : 0.0f;
}

// out[r][c] = x[r][c] + bias[r] for x viewed as [rows][cols]
extern "C" __global__ void add_row_bias_f32(const float* x, const float* bias, float* out, long long cols,
                                            long long n) {
    GRID_STRIDE(i, n) out[i] = x[i] + bias[i / cols];
}
