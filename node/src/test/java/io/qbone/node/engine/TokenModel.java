package io.qbone.node.engine;

import io.qbone.protocol.v1.FlowReport;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.Release;
import java.util.SplittableRandom;

/**
 * A test model: every LP starts with a token and passes tokens to random LPs with random delays
 * of at least the lookahead; each LP folds what it sees into a checksum that depends on the exact
 * order of its events. With regions, a token to an LP of another region travels at least
 * {@code crossNs} instead (as messages between members cross a cut link).
 */
final class TokenModel implements LpModel {
  private final int lpCount;
  private final long lookaheadNs;
  private final LpPlacement regions;
  private final long crossNs;
  private long tokens;
  private long checksum = 17;
  private double randomSum;

  TokenModel(int lpCount, long lookaheadNs) {
    this(lpCount, lookaheadNs, LpPlacement.blocks(lpCount, 1), lookaheadNs);
  }

  TokenModel(int lpCount, long lookaheadNs, LpPlacement regions, long crossNs) {
    this.lpCount = lpCount;
    this.lookaheadNs = lookaheadNs;
    this.regions = regions;
    this.crossNs = crossNs;
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
    boolean cross = regions.memberOf(target) != regions.memberOf(ctx.self());
    long delay = (cross ? crossNs : lookaheadNs) + r.nextLong(lookaheadNs * 4);
    ctx.send(target, delay,
        LpMessage.newBuilder().setRelease(Release.newBuilder().setLink(ctx.self()).setSlots(1)));
  }

  @Override
  public void report(LpReport.Builder report) {
    report.addFlows(FlowReport.newBuilder()
        .setFlow(0).setDelivered(tokens).setLatencySumNs(checksum).setFidelitySum(randomSum));
  }
}
