/**
 * Learning-rate schedules as pure functions of the optimizer step: {@code lr(step)} depends on nothing else,
 * so a resumed run gets the same rate at the same step without saving any schedule state. Each schedule is a
 * record that validates its parameters on construction.
 *
 * <p>May depend on: nothing else in the engine. The training loop applies a schedule with
 * {@code optimizer.setLearningRate(schedule.lr(step))}.
 */
package org.sparsetrain.engine.optim.schedule;
