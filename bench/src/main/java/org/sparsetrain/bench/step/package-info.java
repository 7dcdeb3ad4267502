/**
 * JMH benchmarks of whole training steps (dense, masked and sparse RigL on the LeNets) and of one topology update,
 * each mode in the same JVM run so that the ratios the sparse-execution issue asks for are read off one run.
 */
package org.sparsetrain.bench.step;
