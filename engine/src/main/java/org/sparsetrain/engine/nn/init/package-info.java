/**
 * Weight initialisers (Kaiming/He, Glorot/Xavier, constants) that fill a tensor in place from an explicitly
 * seeded {@link org.sparsetrain.engine.tensor.Rng}, with fans computed from PyTorch-ordered shapes
 * ({@code [out][in]}, {@code [Co][Ci/groups][kH][kW]}).
 *
 * <p>May depend on: {@code tensor} only.
 */
package org.sparsetrain.engine.nn.init;
