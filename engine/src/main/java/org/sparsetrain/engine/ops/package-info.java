/**
 * The differentiable ops, one per class ({@link org.sparsetrain.engine.ops.Linear},
 * {@link org.sparsetrain.engine.ops.Conv2d}, ...), and {@link org.sparsetrain.engine.ops.Functional}, their
 * single front door. Each op validates its arguments at the boundary (messages name the op, the argument and the
 * shapes), computes its forward with {@link org.sparsetrain.engine.backend.Backend} primitives and records a
 * backward on the tape; its Javadoc states the shapes in and out and the derivative.
 *
 * <p>May depend on {@code engine.tensor}, {@code engine.autograd} and {@code engine.backend} (the SPI, never a
 * particular backend). Activations are feature-major: {@code [features][N]}, {@code [C][H][W][N]}.
 */
package org.sparsetrain.engine.ops;
