package org.sparsetrain.rigl;

/**
 * What one topology change did to one layer, for logs and tests.
 *
 * @param layer          parameter name
 * @param globalStep     step of the change
 * @param dropFraction   the schedule's fraction at that step (NaN for SNIP and PRUNE)
 * @param dropped        active weights removed by the drop (or prune) step
 * @param grown          positions chosen by the grow step (0 for SNIP and PRUNE)
 * @param newConnections grown positions that were inactive: zero weight, fresh optimizer state
 * @param nnzAfter       active weights after the change
 */
public record LayerUpdate(String layer, long globalStep, double dropFraction, int dropped, int grown,
                          int newConnections, int nnzAfter) {}
