package io.qbone.node.link;

import io.qbone.node.engine.LpContext;
import io.qbone.node.network.Link;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.util.LongMap;
import io.qbone.protocol.v1.Herald;
import io.qbone.protocol.v1.LinkReport;
import io.qbone.protocol.v1.LpMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The entanglement generation service of one link, run by its generating end (end a), for the
 * circuits routed over the link.
 *
 * <p>Attempts need a free memory qubit at both ends for the circuit they serve; the generator
 * tracks both as credits (the far end grants its credits with Release messages, so it learns of
 * freed qubits one fiber delay late, as a real link would). Failed attempts are never simulated
 * one by one: the number of attempts to the first success is drawn from the geometric
 * distribution and only the successful emission becomes an event. Circuits sharing the link are
 * served round robin in the order they were opened here.
 */
public final class LinkGenerator {
  /** The successful attempt of a cycle is emitted now. */
  public record Emission(int link, long circuit, long pairId) {}

  /** The attempt cycle is over: the link may start the next one. */
  public record CycleEnd(int link) {}

  /** This end's own herald arrives (the far end gets the same herald as a message). */
  public record OwnHerald(Herald herald) {}

  /** One circuit's credits on this link. */
  private static final class Credits {
    final long circuit;
    int own;
    int peer;

    Credits(long circuit) {
      this.circuit = circuit;
    }
  }

  private final Link link;
  /** Open circuits in the order they were opened: the round robin's order. */
  private final List<Credits> order = new ArrayList<>();
  private final LongMap<Credits> byCircuit = new LongMap<>();
  private final BellDiagonal freshState;
  private final io.qbone.protocol.v1.BellDiagonal freshStateProto;
  private final SplittableRandom random;
  private final double logFailure;
  private int next;
  private boolean busy;
  /** The fiber is cut: no attempt starts, an attempt under way is lost. */
  private boolean cut;
  private long pairSeq;
  private long generated;
  private long attempts;
  private double fidelitySum;

  /** @param random this link's attempt stream */
  public LinkGenerator(Link link, BellDiagonal freshState, SplittableRandom random) {
    this.link = link;
    this.freshState = freshState;
    this.freshStateProto = freshState.toProto();
    this.random = random;
    double p = link.successProbability();
    this.logFailure = p >= 1 ? Double.NEGATIVE_INFINITY : Math.log1p(-p);
  }

  public Link link() {
    return link;
  }

  /** Starts serving {@code circuit} (no credits yet); a circuit already open stays as it is. */
  public void open(long circuit) {
    if (byCircuit.get(circuit) == null) {
      Credits c = new Credits(circuit);
      byCircuit.put(circuit, c);
      order.add(c);
    }
  }

  /** Whether {@code circuit} is served here. */
  public boolean serves(long circuit) {
    return byCircuit.get(circuit) != null;
  }

  /** Stops serving {@code circuit}: an attempt under way for it heralds nothing. */
  public void close(long circuit) {
    Credits c = byCircuit.remove(circuit);
    if (c != null) {
      int i = order.indexOf(c);
      order.remove(i);
      if (next > i) {
        next--;
      }
    }
  }

  /** This end has {@code n} more free qubits for the circuit (ignored once it is closed). */
  public void addOwnCredits(LpContext ctx, long circuit, int n) {
    Credits c = byCircuit.get(circuit);
    if (c != null) {
      c.own += n;
      tryStart(ctx);
    }
  }

  /** The far end granted {@code n} more free qubits for the circuit (ignored once closed). */
  public void addPeerCredits(LpContext ctx, long circuit, int n) {
    Credits c = byCircuit.get(circuit);
    if (c != null) {
      c.peer += n;
      tryStart(ctx);
    }
  }

  /** The fiber is cut: generation stops until {@link #restore}. */
  public void cut() {
    cut = true;
  }

  /** The fiber works again: generation resumes where credits allow. */
  public void restore(LpContext ctx) {
    cut = false;
    tryStart(ctx);
  }

  private void tryStart(LpContext ctx) {
    if (busy || cut) {
      return;
    }
    int n = order.size();
    for (int k = 0; k < n; k++) {
      int slot = (next + k) % n;
      Credits c = order.get(slot);
      if (c.own > 0 && c.peer > 0) {
        c.own--;
        c.peer--;
        next = (slot + 1) % n;
        busy = true;
        double failures = failuresBeforeSuccess();
        if (failures >= (Long.MAX_VALUE - ctx.now()) / link.attemptPeriodNs()) {
          // The success lies beyond the 2^63 ns of virtual time (a link needing centuries per
          // pair): it never heralds, and its credits stay taken. Scheduling it would wrap.
          return;
        }
        long tries = 1 + (long) failures;
        attempts += tries;
        long pairId = (long) link.index() << 32 | (pairSeq++ & 0xffffffffL);
        ctx.schedule(ctx.now() + (tries - 1) * link.attemptPeriodNs(),
            new Emission(link.index(), c.circuit, pairId));
        return;
      }
    }
  }

  /**
   * Inverse-transform sample of the failed attempts before the first success (geometric on
   * {0, 1, ...}), as a double: for a link with tiny p it may exceed any long.
   */
  private double failuresBeforeSuccess() {
    if (logFailure == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    double u = 1.0 - random.nextDouble(); // in (0, 1]
    return Math.floor(Math.log(u) / logFailure);
  }

  /** Handles the successful emission: heralds go out to both ends. */
  public void onEmission(LpContext ctx, Emission e) {
    Credits c = byCircuit.get(e.circuit());
    if (c == null) {
      // The circuit closed while the attempt ran: its qubits went back with it.
      busy = false;
      tryStart(ctx);
      return;
    }
    if (cut) {
      // The photons never reach the heralding station: the attempt failed and both qubits it
      // held are free for the circuit again once the fiber is restored.
      busy = false;
      c.own++;
      c.peer++;
      return;
    }
    Herald herald = Herald.newBuilder()
        .setLink(link.index()).setCircuit(e.circuit()).setPairId(e.pairId())
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
