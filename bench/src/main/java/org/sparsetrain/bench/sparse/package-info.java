/**
 * JMH benchmarks of the sparse kernels against the same engine's dense kernels, measured in one JVM so that the
 * sparse/dense ratios come from one run (performance-notes P13). May depend on every module; nothing depends on it.
 */
package org.sparsetrain.bench.sparse;
