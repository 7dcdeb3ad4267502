/**
 * Reading and writing tensors in files: the safetensors format ({@link org.sparsetrain.engine.io.SafeTensors}),
 * used for checkpoints and for the PyTorch golden values.
 *
 * <p>May depend on the JDK and {@code org.sparsetrain.engine.tensor} only; nothing here knows about autograd,
 * ops or backends, and there is no JSON library: the small header grammar is parsed by hand.
 */
package org.sparsetrain.engine.io;
