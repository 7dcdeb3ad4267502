package org.sparsetrain.rigl.distribution;

/** What kind of weight tensor a layer holds; decides how its shape is read. */
public enum LayerKind {
    /** Fully connected weight, PyTorch layout {@code [out, in]}. */
    LINEAR,
    /** 2-D convolution weight, PyTorch layout {@code [Co, Ci/groups, kH, kW]}. */
    CONV
}
