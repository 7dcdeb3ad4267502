/**
 * The scalar reference backend: plain loops in double precision, the oracle every other backend
 * is tested against and the backend {@code engine} runs on by itself. Depends on {@code backend} and {@code tensor}.
 */
package org.sparsetrain.engine.backend.reference;
