package org.sparsetrain.engine.backend;

/**
 * Shapes of a 2-D pooling window over activations laid out {@code [channels][inH][inW][batch]}.
 * Windows that hang over the padding never pick a padded cell for max-pooling; average pooling
 * divides by the full window size (PyTorch's {@code count_include_pad=True}).
 */
public record PoolGeometry(int batch, int channels, int inH, int inW, int kH, int kW,
                           int strideH, int strideW, int padH, int padW) {
    public PoolGeometry {
        if (batch <= 0 || channels <= 0 || inH <= 0 || inW <= 0 || kH <= 0 || kW <= 0 || strideH <= 0 || strideW <= 0) {
            throw new IllegalArgumentException("pool2d: sizes must be > 0, got batch=" + batch + " channels=" + channels
                    + " input=" + inH + "x" + inW + " kernel=" + kH + "x" + kW + " stride=" + strideH + "x" + strideW);
        }
        if (padH < 0 || padW < 0 || 2 * padH > kH || 2 * padW > kW) {
            throw new IllegalArgumentException("pool2d: padding must be in [0, kernel/2], got (" + padH + ", " + padW
                    + ") for kernel " + kH + "x" + kW);
        }
        if (inH + 2 * padH < kH || inW + 2 * padW < kW) {
            throw new IllegalArgumentException("pool2d: kernel " + kH + "x" + kW + " is larger than the padded input "
                    + (inH + 2 * padH) + "x" + (inW + 2 * padW));
        }
    }

    public int outH() { return (inH + 2 * padH - kH) / strideH + 1; }
    public int outW() { return (inW + 2 * padW - kW) / strideW + 1; }
}
