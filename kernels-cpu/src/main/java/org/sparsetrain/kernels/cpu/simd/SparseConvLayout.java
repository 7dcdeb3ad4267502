package org.sparsetrain.kernels.cpu.simd;

import java.util.Arrays;

import org.sparsetrain.engine.backend.ConvGeometry;

/**
 * The buffers that make every tap of a direct sparse convolution a fixed offset valid at every position, so the
 * kernels ({@link SparseConvKernels}) need no border test in their inner loops:
 * <ul>
 *   <li>the <b>padded input</b> {@code [inC][inH + 2 padH][inW + 2 padW][n]} (zeros around; with no padding it is the
 *       input itself, and the caller may pass {@code x} directly);</li>
 *   <li>the <b>dilated gradient</b> {@code [inH + kH - 1][inW + kW - 1][outC][n]}: {@code dY} spread out by the stride
 *       and framed with zeros so that the input gradient is a plain correlation with the flipped filter. Cell-major,
 *       all channels of a cell adjacent, unlike the activations: the input gradient reads, for one position, the
 *       same cell of many output channels in a row. Channel-major, those reads lie one channel plane apart, and for
 *       LeNet-5's second convolution a plane is 16 x 16 x 128 floats = 128 KiB, a multiple of the L2's 64 KiB set
 *       period: every channel's copy of a cell fell into the same 8 L2 sets (16 ways for 50 channels), so a window
 *       meant to stay in L2 was fetched from L3 again and again. Cell-major, a window is kH runs of adjacent cells.</li>
 * </ul>
 * Both are plain copies (O(size), no FLOPs), written whole by one call or by channel ranges (for threads). Sparse
 * convolutions support {@code groups == 1} only.
 */
public final class SparseConvLayout {
    private SparseConvLayout() {}

    public static int paddedH(ConvGeometry g) { return g.inH() + 2 * g.padH(); }
    public static int paddedW(ConvGeometry g) { return g.inW() + 2 * g.padW(); }
    public static long paddedInputSize(ConvGeometry g) { return (long) g.inC() * paddedH(g) * paddedW(g) * g.batch(); }
    public static int dilatedH(ConvGeometry g) { return g.inH() + g.kH() - 1; }
    public static int dilatedW(ConvGeometry g) { return g.inW() + g.kW() - 1; }
    public static long dilatedGradientSize(ConvGeometry g) {
        return (long) g.outC() * dilatedH(g) * dilatedW(g) * g.batch();
    }
    /** Floats from one cell {@code (u, v)} of the dilated gradient to the next: all output channels of a cell. */
    public static int dilatedCell(ConvGeometry g) { return g.outC() * g.batch(); }

    /** Writes channels {@code [cFrom, cTo)} of the padded input {@code xp} from {@code x [inC][inH][inW][n]}. */
    public static void padInput(ConvGeometry g, float[] x, int xOff, float[] xp, int xpOff, int cFrom, int cTo) {
        checkGroups("padInput", g);
        KernelArgs.slice("padInput", "input", x, xOff, g.inputSize());
        KernelArgs.slice("padInput", "padded input", xp, xpOff, paddedInputSize(g));
        KernelArgs.range("padInput", "channel", cFrom, cTo, g.inC());
        int n = g.batch(), h = g.inH(), w = g.inW(), hp = paddedH(g), wp = paddedW(g);
        int row = w * n, rowP = wp * n;
        for (int c = cFrom; c < cTo; c++) {
            int dst = xpOff + c * hp * rowP;
            Arrays.fill(xp, dst, dst + hp * rowP, 0f);
            for (int y = 0; y < h; y++) {
                System.arraycopy(x, xOff + (c * h + y) * row, xp, dst + (y + g.padH()) * rowP + g.padW() * n, row);
            }
        }
    }

    /**
     * Writes channels {@code [cFrom, cTo)} of the dilated gradient {@code d} from {@code gy [outC][outH][outW][n]}:
     * {@code d[co][u][v] = gy[co][oy][ox]} where {@code u + padH - (kH - 1) = oy * strideH} (and likewise for v),
     * zero elsewhere. Then {@code gx[ci][iy][ix] = sum w[co][ci][ky][kx] * d[co][iy + kH-1-ky][ix + kW-1-kx]}.
     */
    public static void dilateGradient(ConvGeometry g, float[] gy, int gyOff, float[] d, int dOff, int cFrom, int cTo) {
        dilate("dilateGradient", g, gy, gyOff, d, dOff, cFrom, cTo, true);
    }

    /**
     * {@link #dilateGradient} without the zeros, for stride 1 only: writes the cells that hold {@code gy} and leaves
     * the frame around them as it was. {@link SparseConvKernels#backwardInput} reads only those cells at stride 1
     * (it sums only the taps that land in the data region), so it can use an array that is not zeroed: for LeNet-5's
     * second convolution the frame is 3/4 of the 6.5 MB. The scalar twin reads the frame; it needs
     * {@link #dilateGradient}.
     */
    public static void dilateGradientDataRegion(ConvGeometry g, float[] gy, int gyOff, float[] d, int dOff, int cFrom,
                                                int cTo) {
        if (g.strideH() != 1 || g.strideW() != 1) {
            throw new IllegalArgumentException("dilateGradientDataRegion: stride " + g.strideH() + "x" + g.strideW()
                    + " leaves zeros between the gradient's cells, which the kernel reads; use dilateGradient");
        }
        dilate("dilateGradientDataRegion", g, gy, gyOff, d, dOff, cFrom, cTo, false);
    }

    /** Cell {@code (u, v)} holds {@code gy[c][oy][ox]} for {@code u = oy * strideH + kH - 1 - padH} (and likewise v). */
    private static void dilate(String op, ConvGeometry g, float[] gy, int gyOff, float[] d, int dOff, int cFrom,
                               int cTo, boolean zeroFrame) {
        checkGroups(op, g);
        KernelArgs.slice(op, "output gradient", gy, gyOff, g.outputSize());
        KernelArgs.slice(op, "dilated gradient", d, dOff, dilatedGradientSize(g));
        KernelArgs.range(op, "channel", cFrom, cTo, g.outC());
        int n = g.batch(), oh = g.outH(), ow = g.outW(), dh = dilatedH(g), dw = dilatedW(g), cell = dilatedCell(g);
        int shiftY = g.kH() - 1 - g.padH(), shiftX = g.kW() - 1 - g.padW(), plane = oh * ow * n;
        for (int u = 0; u < dh; u++) {
            int oy = gradientIndex(u - shiftY, g.strideH(), oh);
            for (int v = 0; v < dw; v++) {
                int ox = gradientIndex(v - shiftX, g.strideW(), ow), at = dOff + (u * dw + v) * cell;
                if (oy >= 0 && ox >= 0) {
                    int src = gyOff + (oy * ow + ox) * n;
                    for (int c = cFrom; c < cTo; c++) System.arraycopy(gy, src + c * plane, d, at + c * n, n);
                } else if (zeroFrame) {
                    Arrays.fill(d, at + cFrom * n, at + cTo * n, 0f);
                }
            }
        }
    }

    /** {@code o} with {@code o * stride == shifted} and {@code 0 <= o < size}, else -1 (a frame cell). */
    private static int gradientIndex(int shifted, int stride, int size) {
        if (shifted < 0 || shifted % stride != 0) return -1;
        int o = shifted / stride;
        return o < size ? o : -1;
    }

    static void checkGroups(String op, ConvGeometry g) {
        if (g.groups() != 1) {
            throw new IllegalArgumentException("sparse " + op + ": grouped convolution (groups=" + g.groups()
                    + ") is not supported by the sparse kernels; use groups=1 or the dense kernels");
        }
    }
}
