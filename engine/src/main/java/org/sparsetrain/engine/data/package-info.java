/**
 * Data sets in memory ({@link org.sparsetrain.engine.data.Dataset}), readers for the IDX (MNIST family) and
 * CIFAR-10 binary formats, augmentation, and the {@link org.sparsetrain.engine.data.DataLoader} that batches
 * into the engine's feature-major layout. Depends on {@code tensor} only.
 */
package org.sparsetrain.engine.data;
