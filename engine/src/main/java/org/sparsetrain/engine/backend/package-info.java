/**
 * The backend SPI: the compute primitives ({@link org.sparsetrain.engine.backend.Backend}) that
 * differentiable ops are written on, their providers found with {@link java.util.ServiceLoader}, and the
 * one-time selection ({@link org.sparsetrain.engine.backend.Backends}). Depends on {@code tensor} only.
 */
package org.sparsetrain.engine.backend;
