/**
 * Golden tests: our ops, through the public {@link org.sparsetrain.engine.ops.Functional} API, against values
 * computed by PyTorch in float64 ({@code test-data/scripts/make_golden.py}, files in {@code test-data}).
 * Each test runs in F64 on the reference backend (agreement to ~1e-10) and in F32 on the selected backend.
 * May depend on the engine's public API, {@code org.sparsetrain.engine.io} and JUnit.
 */
package org.sparsetrain.engine.golden;
