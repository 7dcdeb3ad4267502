/**
 * The model zoo: one package per family, each a validated {@code XxxConfig} record plus the module, and
 * {@link org.sparsetrain.models.Architecture} to pick one by name. Depends on {@code engine} only (never on
 * {@code rigl} or a kernel module).
 */
package org.sparsetrain.models;
