// Batch norm over x viewed as [C][M] (M = H*W*N): one block per channel, statistics in double.
#include "common.cuh"

// mean[c] and biased var[c], two passes over the channel (the second on deviations, for accuracy).
extern "C" __global__ void channel_mean_var_f32(const float* x, float* mean, float* var, int channels, long long m) {
    __shared__ double shared[BLOCK];
    for (int c = blockIdx.x; c < channels; c += gridDim.x) {
        const float* row = x + (long long)c * m;
        double acc = 0.0;
        for (long long j = threadIdx.x; j < m; j += BLOCK) acc += row[j];
        double mu = block_sum(acc, shared) / (double)m;
        double sq = 0.0;
        for (long long j = threadIdx.x; j < m; j += BLOCK) {
            double d = row[j] - mu;
            sq += d * d;
        }
        double v = block_sum(sq, shared) / (double)m;
        if (threadIdx.x == 0) {
            mean[c] = (float)mu;
            var[c] = (float)v;
        }
    }
}

// y = (x - mean[c]) * invStd[c] * gamma[c] + beta[c]; gamma/beta may be null (identity).
extern "C" __global__ void batch_norm_apply_f32(const float* x, const float* mean, const float* inv_std,
                                                const float* gamma, const float* beta, float* y,
                                                long long m, long long n) {
    GRID_STRIDE(i, n) {
        long long c = i / m;
        float scale = inv_std[c] * (gamma != nullptr ? gamma[c] : 1.0f);
        float shift = beta != nullptr ? beta[c] : 0.0f;
        y[i] = (x[i] - mean[c]) * scale + shift;
    }
}

// Training-mode backward: gbeta[c] = sum gy, ggamma[c] = sum gy * xhat,
// gx = gamma * invStd / M * (M * gy - gbeta - xhat * ggamma). gamma may be null (1).
extern "C" __global__ void batch_norm_backward_f32(const float* x, const float* gy, const float* mean,
                                                   const float* inv_std, const float* gamma, float* gx,
                                                   float* ggamma, float* gbeta, int channels, long long m) {
    __shared__ double shared[BLOCK];
    for (int c = blockIdx.x; c < channels; c += gridDim.x) {
        const float* xr = x + (long long)c * m;
        const float* gr = gy + (long long)c * m;
        float* gxr = gx + (long long)c * m;
        double mu = mean[c], is = inv_std[c];
        double sb = 0.0, sg = 0.0;
        for (long long j = threadIdx.x; j < m; j += BLOCK) {
            double g = gr[j];
            sb += g;
            sg += g * (xr[j] - mu) * is;
        }
        double tb = block_sum(sb, shared);
        double tg = block_sum(sg, shared);
        if (threadIdx.x == 0) {
            gbeta[c] = (float)tb;
            ggamma[c] = (float)tg;
        }
        double k = (gamma != nullptr ? gamma[c] : 1.0) * is / (double)m;
        for (long long j = threadIdx.x; j < m; j += BLOCK) {
            double xhat = (xr[j] - mu) * is;
            gxr[j] = (float)(k * ((double)m * gr[j] - tb - xhat * tg));
        }
    }
}
