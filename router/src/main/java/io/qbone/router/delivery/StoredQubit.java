package io.qbone.router.delivery;

import io.qbone.node.physics.BellDiagonal;

/** A node's half of a link-level pair, waiting in memory since its emission. */
public record StoredQubit(long pairId, long emittedAtNs, BellDiagonal freshState) {}
