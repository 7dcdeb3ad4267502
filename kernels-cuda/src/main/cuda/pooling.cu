// Max and average pooling over [C][H][W][N] activations, one thread per output (forward) or per input
// (backward, a gather in ascending output order: deterministic, no atomics).
#include "common.cuh"

struct Pool {
    int n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow;
};

// First output row/column whose window covers input coordinate i (window start o*s - p <= i <= o*s - p + k - 1).
__device__ inline int first_cover(int i, int k, int s, int p) {
    int t = i + p - k + 1;
    return t <= 0 ? 0 : (t + s - 1) / s;
}

// argmax receives the flat index into x of the winner; the first maximum in window order wins ties and the
// first NaN wins outright, as in the reference backend and PyTorch.
extern "C" __global__ void max_pool_forward_f32(Pool g, const float* x, float* y, int* argmax, long long total) {
    GRID_STRIDE(o, total) {
        int b = (int)(o % g.n);
        long long r = o / g.n;
        int ox = (int)(r % g.ow); r /= g.ow;
        int oy = (int)(r % g.oh);
        int c = (int)(r / g.oh);
        float best = -INFINITY;
        int best_idx = -1;
        bool done = false;
        for (int ky = 0; ky < g.kh && !done; ky++) {
            int iy = oy * g.sh - g.ph + ky;
            if (iy < 0 || iy >= g.h) continue;
            for (int kx = 0; kx < g.kw; kx++) {
                int ix = ox * g.sw - g.pw + kx;
                if (ix < 0 || ix >= g.w) continue;
                int xi = ((c * g.h + iy) * g.w + ix) * g.n + b;
                float v = x[xi];
                if (best_idx < 0 || v > best || isnan(v)) {
                    best = v;
                    best_idx = xi;
                    if (isnan(v)) { done = true; break; }
                }
            }
        }
        y[o] = best;
        argmax[o] = best_idx;
    }
}

// gx[i] = sum of gy[o] over the outputs o whose argmax is i.
extern "C" __global__ void max_pool_backward_f32(Pool g, const float* gy, const int* argmax, float* gx,
                                                 long long total) {
    GRID_STRIDE(i, total) {
        int b = (int)(i % g.n);
        long long r = i / g.n;
        int ix = (int)(r % g.w); r /= g.w;
        int iy = (int)(r % g.h);
        int c = (int)(r / g.h);
        float acc = 0.0f;
        int oy_end = min(g.oh - 1, (iy + g.ph) / g.sh);
        int ox_end = min(g.ow - 1, (ix + g.pw) / g.sw);
        for (int oy = first_cover(iy, g.kh, g.sh, g.ph); oy <= oy_end; oy++) {
            for (int ox = first_cover(ix, g.kw, g.sw, g.pw); ox <= ox_end; ox++) {
                int o = ((c * g.oh + oy) * g.ow + ox) * g.n + b;
                if (argmax[o] == (int)i) acc += gy[o];
            }
        }
        gx[i] = acc;
    }
}

// Average over the full window, padding counted in the divisor (PyTorch's count_include_pad=True).
extern "C" __global__ void avg_pool_forward_f32(Pool g, const float* x, float* y, long long total) {
    GRID_STRIDE(o, total) {
        int b = (int)(o % g.n);
        long long r = o / g.n;
        int ox = (int)(r % g.ow); r /= g.ow;
        int oy = (int)(r % g.oh);
        int c = (int)(r / g.oh);
        float acc = 0.0f;
        for (int ky = 0; ky < g.kh; ky++) {
            int iy = oy * g.sh - g.ph + ky;
            if (iy < 0 || iy >= g.h) continue;
            for (int kx = 0; kx < g.kw; kx++) {
                int ix = ox * g.sw - g.pw + kx;
                if (ix < 0 || ix >= g.w) continue;
                acc += x[((c * g.h + iy) * g.w + ix) * g.n + b];
            }
        }
        y[o] = acc / (float)(g.kh * g.kw);
    }
}

extern "C" __global__ void avg_pool_backward_f32(Pool g, const float* gy, float* gx, long long total) {
    GRID_STRIDE(i, total) {
        int b = (int)(i % g.n);
        long long r = i / g.n;
        int ix = (int)(r % g.w); r /= g.w;
        int iy = (int)(r % g.h);
        int c = (int)(r / g.h);
        float acc = 0.0f;
        int oy_end = min(g.oh - 1, (iy + g.ph) / g.sh);
        int ox_end = min(g.ow - 1, (ix + g.pw) / g.sw);
        for (int oy = first_cover(iy, g.kh, g.sh, g.ph); oy <= oy_end; oy++) {
            for (int ox = first_cover(ix, g.kw, g.sw, g.pw); ox <= ox_end; ox++) {
                acc += gy[((c * g.oh + oy) * g.ow + ox) * g.n + b];
            }
        }
        gx[i] = acc / (float)(g.kh * g.kw);
    }
}
