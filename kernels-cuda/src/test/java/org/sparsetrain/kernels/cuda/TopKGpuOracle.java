package org.sparsetrain.kernels.cuda;

/** Exposes the package-private scalar twin of the top-k selection to the gpu test package. */
public final class TopKGpuOracle {
    private TopKGpuOracle() {}

    public static byte[] select(byte[] mask, float[] grad, long k) { return TopKSelectionTwin.select(mask, grad, k); }
}
