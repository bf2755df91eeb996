package io.qbone.node.link;

import io.qbone.node.engine.LpContext;
import io.qbone.node.network.Link;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.protocol.v1.Herald;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LinkReport;
import java.util.SplittableRandom;

/**
 * The entanglement generation service of one link, run by its generating end (end a).
 *
 * <p>Attempts need a free memory qubit at both ends for the flow they serve; the generator
 * tracks both as credits (the far end grants its credits with Release messages, so it learns of
 * freed qubits one fiber delay late, as a real link would). Failed attempts are never simulated
 * one by one: the number of attempts to the first success is drawn from the geometric
 * distribution and only the successful emission becomes an event. Flows sharing the link are
 * served round robin.
 */
public final class LinkGenerator {
  /** The successful attempt of a cycle is emitted now. */
  public record Emission(int link, int flowSlot, long pairId) {}

  /** The attempt cycle is over: the link may start the next one. */
  public record CycleEnd(int link) {}

  /** This end's own herald arrives (the far end gets the same herald as a message). */
  public record OwnHerald(Herald herald) {}

  private final Link link;
  private final int[] flows;
  private final int[] ownCredits;
  private final int[] peerCredits;
  private final BellDiagonal freshState;
  private final io.qbone.protocol.v1.BellDiagonal freshStateProto;
  private final SplittableRandom random;
  private final double logFailure;
  private int nextFlowSlot;
  private boolean busy;
  /** The fiber is cut: no attempt starts, an attempt under way is lost. */
  private boolean cut;
  private long pairSeq;
  private long generated;
  private long attempts;
  private double fidelitySum;

  /**
   * @param flows flow indices routed over this link, ascending
   * @param random this link's attempt stream
   */
  public LinkGenerator(Link link, int[] flows, BellDiagonal freshState, SplittableRandom random) {
    this.link = link;
    this.flows = flows.clone();
    this.ownCredits = new int[flows.length];
    this.peerCredits = new int[flows.length];
    this.freshState = freshState;
    this.freshStateProto = freshState.toProto();
    this.random = random;
    double p = link.successProbability();
    this.logFailure = p >= 1 ? Double.NEGATIVE_INFINITY : Math.log1p(-p);
  }

  public Link link() {
    return link;
  }

  /** Position of {@code flow} in this link's flow list, or -1. */
  public int slotOf(int flow) {
    for (int i = 0; i < flows.length; i++) {
      if (flows[i] == flow) {
        return i;
      }
    }
    return -1;
  }

  /** This end has {@code n} more free qubits for the flow. */
  public void addOwnCredits(LpContext ctx, int flowSlot, int n) {
    ownCredits[flowSlot] += n;
    tryStart(ctx);
  }

  /** The far end granted {@code n} more free qubits for the flow. */
  public void addPeerCredits(LpContext ctx, int flowSlot, int n) {
    peerCredits[flowSlot] += n;
    tryStart(ctx);
  }

  /** The fiber is cut: generation stops for the rest of the run. */
  public void cut() {
    cut = true;
  }

  private void tryStart(LpContext ctx) {
    if (busy || cut) {
      return;
    }
    for (int k = 0; k < flows.length; k++) {
      int slot = (nextFlowSlot + k) % flows.length;
      if (ownCredits[slot] > 0 && peerCredits[slot] > 0) {
        ownCredits[slot]--;
        peerCredits[slot]--;
        nextFlowSlot = (slot + 1) % flows.length;
        busy = true;
        long n = attemptsToSuccess();
        attempts += n;
        long pairId = (long) link.index() << 32 | (pairSeq++ & 0xffffffffL);
        ctx.schedule(ctx.now() + (n - 1) * link.attemptPeriodNs(),
            new Emission(link.index(), slot, pairId));
        return;
      }
    }
  }

  /** Inverse-transform sample of the geometric distribution on {1, 2, ...}. */
  private long attemptsToSuccess() {
    if (logFailure == Double.NEGATIVE_INFINITY) {
      return 1;
    }
    double u = 1.0 - random.nextDouble(); // in (0, 1]
    return 1 + (long) Math.floor(Math.log(u) / logFailure);
  }

  /** Handles the successful emission: heralds go out to both ends. */
  public void onEmission(LpContext ctx, Emission e) {
    if (cut) {
      busy = false; // the photons never reach the heralding station
      return;
    }
    Herald herald = Herald.newBuilder()
        .setLink(link.index()).setFlow(flows[e.flowSlot()]).setPairId(e.pairId())
        .setEmittedAtNs(ctx.now()).setState(freshStateProto).build();
    generated++;
    fidelitySum += freshState.fidelity();
    ctx.send(link.b(), link.delayNs(), LpMessage.newBuilder().setHerald(herald));
    ctx.schedule(ctx.now() + link.delayNs(), new OwnHerald(herald));
    ctx.schedule(ctx.now() + link.attemptPeriodNs(), new CycleEnd(link.index()));
  }

  public void onCycleEnd(LpContext ctx) {
    busy = false;
    tryStart(ctx);
  }

  public LinkReport report() {
    return LinkReport.newBuilder()
        .setLink(link.index()).setGenerated(generated).setAttempts(attempts)
        .setFidelitySum(fidelitySum).build();
  }
}
