/**
 * The dynamic tape: ops record a {@link org.sparsetrain.engine.autograd.Node} per output and
 * {@link org.sparsetrain.engine.autograd.Autograd#backward} walks it in iterative topological order, checking
 * gradient shapes centrally. Depends on {@code tensor} and {@code backend} (to add gradients).
 */
package org.sparsetrain.engine.autograd;
