package io.qbone.qkd.node;

import io.qbone.node.engine.LpContext;
import io.qbone.node.engine.LpModel;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.router.request.RequestPlan;
import io.qbone.router.stack.NodeStack;

/**
 * The LP model of a node in a scenario with QKD: the node's protocol stack with the QKD
 * applications beside it in one LP. Messages go by body case (QKD bodies to QKD, faults to both),
 * events by type; pairs the stack delivers at a flow source feed BBM92 key.
 */
public final class QkdNode implements LpModel {
  private final NodeStack router;
  private final QkdNodeProcess qkd;

  public QkdNode(QkdPlan plan, int node, Telemetry telemetry) {
    this(plan, null, node, telemetry);
  }

  /** @param requests the run's request-driven traffic, or null */
  public QkdNode(QkdPlan plan, RequestPlan requests, int node, Telemetry telemetry) {
    this.qkd = new QkdNodeProcess(plan, node);
    this.router = new NodeStack(plan.network(), requests, node, telemetry, qkd::onPairDelivered);
  }

  /** The QKD stack, for checks of pools and keys after a run. */
  public QkdNodeProcess qkd() {
    return qkd;
  }

  @Override
  public void start(LpContext ctx) {
    router.start(ctx);
    qkd.start(ctx);
  }

  @Override
  public void onEvent(LpContext ctx, Object event) {
    if (event instanceof QkdNodeProcess.QkdEvent) {
      qkd.onEvent(ctx, event);
    } else {
      router.onEvent(ctx, event);
    }
  }

  @Override
  public void onMessage(LpContext ctx, LpMessage m) {
    if (m.getBodyCase() == LpMessage.BodyCase.FAULT) {
      // A fault concerns the element, so both stacks react (each ignores kinds it has no use for).
      router.onMessage(ctx, m);
      qkd.onMessage(ctx, m);
    } else if (isQkd(m.getBodyCase())) {
      qkd.onMessage(ctx, m);
    } else {
      router.onMessage(ctx, m);
    }
  }

  /** QKD bodies: LpMessage fields 40-59. */
  static boolean isQkd(LpMessage.BodyCase c) {
    return c.getNumber() >= 40 && c.getNumber() <= 59;
  }

  @Override
  public void report(LpReport.Builder report) {
    router.report(report);
    qkd.report(report);
  }
}
