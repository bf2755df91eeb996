package io.qbone.node.engine;

import io.qbone.protocol.v1.FlowReport;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.Release;
import java.util.SplittableRandom;

/**
 * A test model: every LP starts with a token and passes tokens to random LPs with random delays
 * of at least the lookahead; each LP folds what it sees into a checksum that depends on the exact
 * order of its events.
 */
final class TokenModel implements LpModel {
  private final int lpCount;
  private final long lookaheadNs;
  private long tokens;
  private long checksum = 17;
  private double randomSum;

  TokenModel(int lpCount, long lookaheadNs) {
    this.lpCount = lpCount;
    this.lookaheadNs = lookaheadNs;
  }

  @Override
  public void start(LpContext ctx) {
    ctx.schedule(ctx.random("start").nextLong(lookaheadNs * 3), "first");
  }

  @Override
  public void onEvent(LpContext ctx, Object event) {
    pass(ctx);
  }

  @Override
  public void onMessage(LpContext ctx, LpMessage message) {
    tokens++;
    checksum = checksum * 31 + ctx.now() * 7 + message.getOrigin();
    pass(ctx);
  }

  private void pass(LpContext ctx) {
    SplittableRandom r = ctx.random("route");
    randomSum += r.nextDouble();
    int target = r.nextInt(lpCount);
    long delay = lookaheadNs + r.nextLong(lookaheadNs * 4);
    ctx.send(target, delay,
        LpMessage.newBuilder().setRelease(Release.newBuilder().setLink(ctx.self()).setSlots(1)));
  }

  @Override
  public void report(LpReport.Builder report) {
    report.addFlows(FlowReport.newBuilder()
        .setFlow(0).setDelivered(tokens).setLatencySumNs(checksum).setFidelitySum(randomSum));
  }
}
