package io.qbone.node.engine;

import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;

/**
 * The behaviour of one network element inside its logical process. The engine calls it with
 * events in (time, origin, sequence) order and never concurrently.
 */
public interface LpModel {
  /** Called once before virtual time 0: schedule the first events. */
  void start(LpContext ctx);

  /** An event this LP scheduled for itself is due. */
  void onEvent(LpContext ctx, Object event);

  /** A message from another LP is due. */
  void onMessage(LpContext ctx, LpMessage message);

  /**
   * What this LP measured, filled into {@code report} (the engine sets the LP index, the event
   * count and causality violations).
   */
  void report(LpReport.Builder report);
}
