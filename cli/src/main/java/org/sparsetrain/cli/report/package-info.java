/**
 * What a training run shows and leaves behind besides weights: pictures rendered with {@code java.base} only
 * (SVG charts, PNG heat maps), the terminal progress bar, and the run folder's logs. Depends on nothing but the JDK.
 */
package org.sparsetrain.cli.report;
