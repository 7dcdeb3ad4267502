/**
 * JMH benchmarks of single kernels (no autograd, no allocation in the measured call), one thread unless a
 * benchmark says otherwise. May depend on every module; nothing depends on it.
 */
package org.sparsetrain.bench.kernels;
