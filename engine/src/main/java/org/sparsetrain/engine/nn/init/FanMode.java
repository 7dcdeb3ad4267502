package org.sparsetrain.engine.nn.init;

/**
 * Which fan scales a Kaiming initialiser: {@code FAN_IN} keeps the forward activations' variance,
 * {@code FAN_OUT} the backward gradients' (He et al., 2015, section 2.2).
 */
public enum FanMode { FAN_IN, FAN_OUT }
