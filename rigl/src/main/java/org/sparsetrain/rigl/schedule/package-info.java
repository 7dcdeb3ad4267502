/**
 * When topology updates happen and how large they are, as pure functions of the step
 * (rigl-spec §4.1, §4.2, §4.8, §8.3): drop-fraction schedules, the TF and rigl-torch update
 * timing with their off-by-one details, and Zhu &amp; Gupta's gradual pruning schedule.
 *
 * <p>Steps are TF global steps (optimizer updates applied so far) unless a class says "call".
 * Depends on the JDK only.
 */
package org.sparsetrain.rigl.schedule;
