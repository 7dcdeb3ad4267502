/**
 * Benchmarks of the RigL topology-update machinery ({@code org.sparsetrain.rigl}): top-k
 * selection now, whole drop-and-grow updates later. Depends on the rigl module and JMH.
 */
package org.sparsetrain.bench.rigl;
