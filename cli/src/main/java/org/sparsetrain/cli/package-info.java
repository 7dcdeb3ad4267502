/**
 * The command-line entry point of the shaded jar: {@link org.sparsetrain.cli.Main} dispatches to one class per
 * subcommand; flags are parsed once, here at the edge, into validated values.
 *
 * <p>May depend on: {@code engine}, {@code models}, {@code rigl}. Kernel modules are found at run time through
 * {@code ServiceLoader} and never named.
 */
package org.sparsetrain.cli;
