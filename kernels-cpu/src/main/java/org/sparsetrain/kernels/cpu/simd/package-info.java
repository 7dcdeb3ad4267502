/**
 * The Vector API ({@code jdk.incubator.vector}) kernels of the CPU backend, each with a scalar twin of the same
 * signature ({@code ScalarXxx}) that serves as its oracle.
 *
 * <p>Kernels are static methods on {@code float[]} arrays with offsets, single-threaded over a range of an outer
 * dimension (channels, output rows, columns), so the backend in {@code org.sparsetrain.kernels.cpu} can split the
 * work across threads with results that do not depend on the split. This is the only package that imports
 * {@code jdk.incubator.vector}; no vector type appears in a public signature. May depend on
 * {@code org.sparsetrain.engine.backend} (geometry records and op enums) and the JDK.
 */
package org.sparsetrain.kernels.cpu.simd;
