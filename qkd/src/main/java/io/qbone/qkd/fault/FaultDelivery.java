package io.qbone.qkd.fault;

import io.qbone.node.engine.LpContext;
import io.qbone.protocol.v1.Fault;

/**
 * How scheduled faults reach a node's model: the seam to switch when the engine injects
 * {@code LpMessage.fault} itself. A model calls {@link #start} once; the delivery calls the
 * model's handler (directly or through a scheduled event it recognises) at each fault's time.
 */
public interface FaultDelivery {
  /** Arranges for this LP's faults to arrive; {@code due} wraps a fault as the model's own event. */
  void start(LpContext ctx, java.util.function.Function<Fault, Object> due);

  /** Faults arrive from elsewhere (engine injection): nothing to arrange. */
  FaultDelivery INJECTED = (ctx, due) -> {};
}
