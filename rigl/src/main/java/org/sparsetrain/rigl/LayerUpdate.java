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
 * @param revived        inactive positions kept by the reference drop step (spec §3): an active weight of exactly
 *                       0 ties with the inactive positions and the lower flat index wins, so one more active weight
 *                       is dropped instead ({@code dropped} = drop count + {@code revived}). Rare: it needs a
 *                       grown weight still 0 at the next update. A revived position starts at zero weight with fresh
 *                       optimizer state, like a new connection; positions switched on =
 *                       {@code newConnections + revived}
 * @param nnzAfter       active weights after the change
 */
public record LayerUpdate(String layer, long globalStep, double dropFraction, int dropped, int grown,
                          int newConnections, int revived, int nnzAfter) {}
