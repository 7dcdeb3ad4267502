/**
 * The Vector API ({@code jdk.incubator.vector}) kernels: the only package that imports it, and no vector type
 * appears in a public signature. Every SIMD kernel works on {@code float[]} + offsets and has a scalar twin with
 * the same signature ({@code ScalarXxx}) that serves as its oracle. Kernels are single-threaded; the backend in
 * {@code org.sparsetrain.kernels.cpu} splits work across threads. May depend on the JDK and
 * {@code org.sparsetrain.engine.backend} enums only.
 */
package org.sparsetrain.kernels.cpu.simd;
