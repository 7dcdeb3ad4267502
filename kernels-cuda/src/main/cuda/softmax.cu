// Log-softmax over dimension 0 of feature-major logits [classes][N]: one thread per example (column), so
// consecutive threads read consecutive addresses of each class row.
#include "common.cuh"

extern "C" __global__ void log_softmax_forward_f32(const float* x, float* y, int classes, long long n) {
    GRID_STRIDE(j, n) {
        float mx = -INFINITY;
        for (int c = 0; c < classes; c++) mx = fmaxf(mx, x[c * n + j]);
        double s = 0.0;
        for (int c = 0; c < classes; c++) s += exp((double)(x[c * n + j] - mx));
        float lse = mx + (float)log(s);
        for (int c = 0; c < classes; c++) y[c * n + j] = x[c * n + j] - lse;
    }
}

// gx[c][j] = gy[c][j] - exp(y[c][j]) * sum_c' gy[c'][j]
extern "C" __global__ void log_softmax_backward_f32(const float* y, const float* gy, float* gx, int classes,
                                                    long long n) {
    GRID_STRIDE(j, n) {
        double s = 0.0;
        for (int c = 0; c < classes; c++) s += gy[c * n + j];
        for (int c = 0; c < classes; c++) gx[c * n + j] = (float)(gy[c * n + j] - exp((double)y[c * n + j]) * s);
    }
}
