package org.sparsetrain.engine.backend;

/**
 * Everything a 2-D convolution kernel needs to know about its shapes, validated once.
 *
 * <p>Layouts (feature-major, batch innermost, see design section 4):
 * input {@code [inC][inH][inW][batch]}, weight {@code [outC][inC/groups][kH][kW]} (PyTorch's order),
 * output {@code [outC][outH][outW][batch]}.
 */
public record ConvGeometry(int batch, int inC, int inH, int inW, int outC, int kH, int kW,
                           int strideH, int strideW, int padH, int padW, int groups) {
    public ConvGeometry {
        positive("batch", batch);
        positive("inC", inC);
        positive("inH", inH);
        positive("inW", inW);
        positive("outC", outC);
        positive("kH", kH);
        positive("kW", kW);
        positive("strideH", strideH);
        positive("strideW", strideW);
        positive("groups", groups);
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv2d: padding must be >= 0, got (" + padH + ", " + padW + ")");
        }
        if (inC % groups != 0 || outC % groups != 0) {
            throw new IllegalArgumentException("conv2d: groups=" + groups + " must divide in_channels=" + inC
                    + " and out_channels=" + outC);
        }
        if (inH + 2 * padH < kH || inW + 2 * padW < kW) {
            throw new IllegalArgumentException("conv2d: kernel " + kH + "x" + kW + " is larger than the padded input "
                    + (inH + 2 * padH) + "x" + (inW + 2 * padW));
        }
    }

    private static void positive(String name, int v) {
        if (v <= 0) throw new IllegalArgumentException("conv2d: " + name + " must be > 0, got " + v);
    }

    public int outH() { return (inH + 2 * padH - kH) / strideH + 1; }
    public int outW() { return (inW + 2 * padW - kW) / strideW + 1; }
    public int inCPerGroup() { return inC / groups; }
    public int outCPerGroup() { return outC / groups; }
    public long inputSize() { return (long) inC * inH * inW * batch; }
    public long outputSize() { return (long) outC * outH() * outW() * batch; }
    public long weightSize() { return (long) outC * inCPerGroup() * kH * kW; }
    /** Multiply-accumulates of one forward pass. */
    public long macs() { return (long) outC * outH() * outW() * batch * inCPerGroup() * kH * kW; }
}
