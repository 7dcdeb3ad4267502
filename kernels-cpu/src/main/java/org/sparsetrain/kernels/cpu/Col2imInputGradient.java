package org.sparsetrain.kernels.cpu;

import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.kernels.cpu.simd.SimdElementwise;

/**
 * The convolution's input gradient as a GEMM into a column buffer followed by col2im:
 * {@code gcol[K][P·N] = Wᵀ·gy} with {@code K = Ci·kH·kW} (the weight's own order) and {@code P = outH·outW},
 * then {@code gx[ci][iy][ix][n] += gcol[(ci,ky,kx)][(oy,ox,n)]}. On the engine's {@code [C][H][W][N]} layout
 * col2im is a series of contiguous N-float vector adds, and the GEMM is the backend's (threaded, deterministic).
 *
 * <p>Why only the input gradient: measured on 32→64 3×3 (14×14) and LeNet-5's 20→50 5×5 (12×12), batch 128,
 * one thread, this path beat the direct kernel for the input gradient (7.7 vs 10.4 ms and 3.2 vs 5.0 ms) but
 * lost for the forward pass (10.0 vs 6.7 ms, 4.7 vs 4.0 ms) and the weight gradient (14.2 vs 10.3 ms,
 * 11.1 vs 6.7 ms; the direct weight gradient has since become faster still, 6.5 and 3.3 ms): at m = Co and
 * n = P·N the GEMM spends its time packing the 10–30 MB column operand, which
 * the direct kernels never build. The input gradient's GEMM packs only W (small) and streams gy.
 * The column buffer is per thread and reused: allocating and zeroing tens of MB per call costs as much as the GEMM.
 */
final class Col2imInputGradient {
    /** Below this GEMM depth the direct kernels win: the buffer traffic outweighs what blocking gains. */
    static final int MIN_DEPTH = 64;

    private final Backend gemm;
    private final WorkPool pool;
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);

    Col2imInputGradient(Backend gemm, WorkPool pool) {
        this.gemm = gemm;
        this.pool = pool;
    }

    /** True for shapes where this path beats the direct input-gradient kernel: ungrouped, with a deep enough GEMM. */
    static boolean preferred(ConvGeometry g) {
        return g.groups() == 1 && g.inC() * g.kH() * g.kW() >= MIN_DEPTH;
    }

    void backwardInput(ConvGeometry g, Tensor gy, Tensor w, Tensor gx) {
        int k = g.inC() * g.kH() * g.kW(), pn = g.outH() * g.outW() * g.batch();
        float[] col = buffer((long) k * pn);
        gemm.gemm(true, false, k, pn, g.outC(), 1, w, gy, 0, Tensor.view(col, 0, k, pn));
        col2im(g, col, gx);
    }

    private float[] buffer(long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("conv2d: im2col buffer of " + size + " floats is too large for one array");
        }
        float[] b = scratch.get();
        if (b.length < size) {
            b = new float[(int) size];
            scratch.set(b);
        }
        return b;
    }

    /** {@code gx = 0}, then {@code gx[ci][iy][ix][n] += gcol[(ci,ky,kx)][(oy,ox,n)]} in (ky, kx, oy, ox) order per channel. */
    private void col2im(ConvGeometry g, float[] col, Tensor gx) {
        int n = g.batch(), oh = g.outH(), ow = g.outW(), kk = g.kH() * g.kW();
        int pn = oh * ow * n, plane = g.inH() * g.inW() * n;
        float[] gv = gx.floats();
        int go = gx.offset();
        pool.forRange(g.inC(), (c0, c1) -> {
            java.util.Arrays.fill(gv, go + c0 * plane, go + c1 * plane, 0f);
            for (int ci = c0; ci < c1; ci++) {
                for (int t = 0; t < kk; t++) {
                    int ky = t / g.kW(), kx = t % g.kW(), base = (ci * kk + t) * pn;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() - g.padH() + ky;
                        if (iy < 0 || iy >= g.inH()) continue;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * g.strideW() - g.padW() + kx;
                            if (ix < 0 || ix >= g.inW()) continue;
                            SimdElementwise.axpy(1f, col, base + (oy * ow + ox) * n, gv,
                                    go + ((ci * g.inH() + iy) * g.inW() + ix) * n, n);
                        }
                    }
                }
            }
        });
    }
}
