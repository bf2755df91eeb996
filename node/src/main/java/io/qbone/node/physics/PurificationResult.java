package io.qbone.node.physics;

/**
 * Outcome of one purification round.
 *
 * @param state the kept pair, conditioned on success
 * @param successProbability probability that the parity check passes
 */
public record PurificationResult(BellDiagonal state, double successProbability) {}
