package io.qbone.qkd.node;

import io.qbone.node.engine.LpContext;
import io.qbone.node.engine.LpModel;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.router.network.NodeProcess;

/**
 * The LP model of a node in a scenario with QKD: the router's entanglement stack and the QKD
 * stack side by side in one LP. Messages go by body case (QKD bodies and faults to QKD), events by
 * type; pairs the router delivers at a flow source feed BBM92 key.
 */
public final class QkdNode implements LpModel {
  private final NodeProcess router;
  private final QkdNodeProcess qkd;

  public QkdNode(QkdPlan plan, int node, Telemetry telemetry) {
    this.qkd = new QkdNodeProcess(plan, node);
    this.router = new NodeProcess(plan.network(), node, telemetry, qkd::onPairDelivered);
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
    if (isQkd(m.getBodyCase())) {
      qkd.onMessage(ctx, m);
    } else {
      router.onMessage(ctx, m);
    }
  }

  /**
   * QKD bodies (fields 40-59) and faults. The router has no fault handling yet; when it has, a
   * fault should reach both stacks.
   */
  static boolean isQkd(LpMessage.BodyCase c) {
    return c == LpMessage.BodyCase.FAULT || (c.getNumber() >= 40 && c.getNumber() <= 59);
  }

  @Override
  public void report(LpReport.Builder report) {
    router.report(report);
    qkd.report(report);
  }
}
