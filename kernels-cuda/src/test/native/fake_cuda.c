// A fake CUDA driver (libcuda.so.1) and cuBLAS (libcublas.so.13) for FakeDriverIntegrationTest: "device" memory is
// host memory, copies are memcpy, a few kernels are re-implemented in C and dispatched by name, and cublasSgemm_v2
// is the textbook column-major loop. It lets the JavaCPP bindings, the argument marshalling of Launcher, pinned
// staging, the mirrors and the cuBLAS operand swap run end to end on a machine without a GPU. It says nothing about
// the real kernels (the gpu-tagged suite does, on a GPU).
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long CUdeviceptr;
typedef struct { const char* name; } Function;

#define OK 0
static const char* errName = "CUDA_ERROR_FAKE";

int cuInit(unsigned int f) { return OK; }
int cuDriverGetVersion(int* v) { *v = 13000; return OK; }
int cuDeviceGetCount(int* c) { *c = 1; return OK; }
int cuDeviceGet(int* d, int ordinal) { *d = ordinal; return OK; }
int cuDeviceGetAttribute(int* v, int attr, int dev) { *v = attr == 75 ? 9 : 0; return OK; }  // 75: CC major
int cuDeviceGetName(char* name, int len, int dev) { strncpy(name, "Fake GPU (host memory)", len); return OK; }
int cuDeviceTotalMem_v2(size_t* bytes, int dev) { *bytes = (size_t) 1 << 30; return OK; }
int cuDevicePrimaryCtxRetain(void** ctx, int dev) { *ctx = (void*) 0x1; return OK; }
int cuCtxSetCurrent(void* ctx) { return OK; }
int cuGetErrorName(int e, const char** s) { *s = errName; return OK; }
int cuGetErrorString(int e, const char** s) { *s = "fake driver error"; return OK; }
int cuStreamCreate(void** s, unsigned int flags) { *s = (void*) 0x2; return OK; }
int cuStreamSynchronize(void* s) { return OK; }
int cuStreamDestroy_v2(void* s) { return OK; }
int cuMemAlloc_v2(CUdeviceptr* p, size_t bytes) { *p = (CUdeviceptr) malloc(bytes); return *p ? OK : 2; }
int cuMemFree_v2(CUdeviceptr p) { free((void*) p); return OK; }
int cuMemAllocHost_v2(void** p, size_t bytes) { *p = malloc(bytes); return *p ? OK : 2; }
int cuMemFreeHost(void* p) { free(p); return OK; }
int cuMemcpyHtoDAsync_v2(CUdeviceptr d, const void* h, size_t n, void* s) { memcpy((void*) d, h, n); return OK; }
int cuMemcpyDtoHAsync_v2(void* h, CUdeviceptr d, size_t n, void* s) { memcpy(h, (void*) d, n); return OK; }
int cuMemsetD32Async(CUdeviceptr d, unsigned int v, size_t n, void* s) {
    for (size_t i = 0; i < n; i++) ((unsigned int*) d)[i] = v;
    return OK;
}
int cuModuleLoadData(void** m, const void* image) { *m = (void*) 0x3; return strstr(image, ".version") ? OK : 218; }
int cuModuleUnload(void* m) { return OK; }
int cuModuleGetFunction(Function** f, void* m, const char* name) {
    *f = malloc(sizeof(Function));
    (*f)->name = strdup(name);
    return OK;
}

#define ARG(i, type) (*(type*) params[i])
struct Pool { int n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow; };

int cuLaunchKernel(Function* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                   unsigned shared, void* stream, void** params, void** extra) {
    if (strcmp(f->name, "binary_f32") == 0) {
        int op = ARG(0, int);
        float *a = ARG(1, float*), *b = ARG(2, float*), *o = ARG(3, float*);
        long long n = ARG(4, long long);
        for (long long i = 0; i < n; i++) o[i] = op == 0 ? a[i] + b[i] : op == 1 ? a[i] - b[i] : op == 2 ? a[i] * b[i] : a[i] / b[i];
        return OK;
    }
    if (strcmp(f->name, "affine_f32") == 0) {
        float *a = ARG(0, float*), alpha = ARG(1, float), beta = ARG(2, float), *o = ARG(3, float*);
        long long n = ARG(4, long long);
        for (long long i = 0; i < n; i++) o[i] = fmaf(alpha, a[i], beta);
        return OK;
    }
    if (strcmp(f->name, "max_pool_forward_f32") == 0) {
        struct Pool g = ARG(0, struct Pool);
        float *x = ARG(1, float*), *y = ARG(2, float*);
        int* am = ARG(3, int*);
        long long total = ARG(4, long long);
        for (long long o = 0; o < total; o++) {
            int b = o % g.n; long long r = o / g.n;
            int ox = r % g.ow; r /= g.ow;
            int oy = r % g.oh, c = r / g.oh;
            float best = -INFINITY; int bi = -1;
            for (int ky = 0; ky < g.kh; ky++) for (int kx = 0; kx < g.kw; kx++) {
                int iy = oy * g.sh - g.ph + ky, ix = ox * g.sw - g.pw + kx;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                int xi = ((c * g.h + iy) * g.w + ix) * g.n + b;
                if (bi < 0 || x[xi] > best) { best = x[xi]; bi = xi; }
            }
            y[o] = best; am[o] = bi;
        }
        return OK;
    }
    return 801;  // CUDA_ERROR_NOT_SUPPORTED: a kernel this fake does not implement
}

// ---- libcublas.so.13
int cublasCreate_v2(void** h) { *h = (void*) 0x4; return 0; }
int cublasDestroy_v2(void* h) { return 0; }
int cublasSetStream_v2(void* h, void* s) { return 0; }
int cublasSgemm_v2(void* h, int ta, int tb, int m, int n, int k, const float* alpha, const float* a, int lda,
                   const float* b, int ldb, const float* beta, float* c, int ldc) {
    for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
            float av = ta ? a[p + (long) i * lda] : a[i + (long) p * lda];
            float bv = tb ? b[j + (long) p * ldb] : b[p + (long) j * ldb];
            s += (double) av * bv;
        }
        c[i + (long) j * ldc] = (float) (*alpha * s + (*beta == 0 ? 0 : *beta * c[i + (long) j * ldc]));
    }
    return 0;
}
