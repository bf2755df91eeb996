package io.qbone.router.network;

import io.qbone.node.engine.LpContext;
import io.qbone.node.physics.BellDiagonal;

/**
 * An application at a flow's source that consumes delivered end-to-end pairs (e.g. BBM92 key).
 * Called in the source's LP, at the delivery time, with the pair's state at that time.
 */
@FunctionalInterface
public interface PairListener {
  PairListener NONE = (ctx, flow, state) -> {};

  void delivered(LpContext ctx, int flow, BellDiagonal state);
}
