// im2col / col2im for one convolution group on [C][H][W][N] activations. The column matrix of a group is
// cols[(ci * kH + ky) * kW + kx][(oy * oW + ox) * N + b], so that y_g = W_g · cols is a plain row-major GEMM
// (cuBLAS) and the batch stays innermost.
#include "common.cuh"

struct Conv {
    int n, h, w, kh, kw, sh, sw, ph, pw, oh, ow;
};

// x points at the group's first input channel; ci_count channels.
extern "C" __global__ void im2col_f32(Conv g, const float* x, float* cols, int ci_count) {
    long long p = (long long)g.oh * g.ow * g.n;
    long long total = (long long)ci_count * g.kh * g.kw * p;
    GRID_STRIDE(i, total) {
        long long col = i % p, row = i / p;
        int b = (int)(col % g.n);
        long long r = col / g.n;
        int ox = (int)(r % g.ow), oy = (int)(r / g.ow);
        int kx = (int)(row % g.kw);
        long long t = row / g.kw;
        int ky = (int)(t % g.kh), ci = (int)(t / g.kh);
        int iy = oy * g.sh - g.ph + ky, ix = ox * g.sw - g.pw + kx;
        bool inside = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
        cols[i] = inside ? x[(((long long)ci * g.h + iy) * g.w + ix) * g.n + b] : 0.0f;
    }
}

// gx (the group's channels, overwritten) = the sum over every column entry that im2col read from it.
// A gather in fixed (ky, kx) order: deterministic, no atomics.
extern "C" __global__ void col2im_f32(Conv g, const float* cols, float* gx, int ci_count) {
    long long p = (long long)g.oh * g.ow * g.n;
    long long total = (long long)ci_count * g.h * g.w * g.n;
    GRID_STRIDE(i, total) {
        int b = (int)(i % g.n);
        long long r = i / g.n;
        int ix = (int)(r % g.w); r /= g.w;
        int iy = (int)(r % g.h);
        int ci = (int)(r / g.h);
        float acc = 0.0f;
        for (int ky = 0; ky < g.kh; ky++) {
            int ty = iy + g.ph - ky;
            if (ty < 0 || ty % g.sh != 0) continue;
            int oy = ty / g.sh;
            if (oy >= g.oh) continue;
            for (int kx = 0; kx < g.kw; kx++) {
                int tx = ix + g.pw - kx;
                if (tx < 0 || tx % g.sw != 0) continue;
                int ox = tx / g.sw;
                if (ox >= g.ow) continue;
                long long row = ((long long)ci * g.kh + ky) * g.kw + kx;
                acc += cols[row * p + ((long long)oy * g.ow + ox) * g.n + b];
            }
        }
        gx[i] = acc;
    }
}
