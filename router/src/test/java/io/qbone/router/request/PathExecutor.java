package io.qbone.router.request;

import io.qbone.node.network.Link;
import io.qbone.node.network.Topology;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.physics.MemoryNoise;
import io.qbone.node.physics.Swapping;
import io.qbone.router.routing.PathPhysics;
import io.qbone.router.routing.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test oracle, not an engine of runs: the closed-form timeline of one reserved path, against
 * which the node stack's message-driven circuits are compared. Runs one reserved path of a request: link generation (geometric attempts, as the link layer
 * samples them), optional entanglement pumping per link, swaps by a {@link SwapSchedule}, cutoffs,
 * and delivery, for the pairs asked of the path. It computes the path's whole timeline at once,
 * at the source, from the path's random stream: the memories are reserved for this path alone, so
 * nothing else can interleave with it (docs/routing.md, "Request life cycle").
 *
 * <p>States are Bell-diagonal and every noise is a Pauli channel, so a pair's delivered state is
 * the convolution of each link pair decayed by its two qubits' storage times, with each swap's
 * gate noise: exact for the model, whatever the order of the swaps.
 */
public final class PathExecutor {
  /** A delivered pair: when both ends have it, its fidelity then, and its age. */
  public record Delivery(long atNs, double fidelity, long latencyNs) {}

  /**
   * @param deliveries pairs delivered, in time order
   * @param endNs when the path's last use of memory ended (its last delivery, or when it gave up)
   * @param cutoffDiscards link pairs discarded for waiting longer than the cutoff
   * @param fidelityDiscards end-to-end pairs discarded below the minimum fidelity
   */
  public record Outcome(List<Delivery> deliveries, long endNs, long cutoffDiscards,
      long fidelityDiscards) {}

  /**
   * How a path is run.
   *
   * @param schedule swap order
   * @param cutoffNs longest a link pair may wait for its swaps; 0: no cutoff
   * @param discardBelowMinimum discard end-to-end pairs below the request's minimum fidelity
   */
  public record Policy(SwapSchedule schedule, long cutoffNs, boolean discardBelowMinimum) {}

  /** A link pair ready at both ends: its state at {@code readyNs}, and its oldest emission. */
  private record LinkPair(long readyNs, double[] state, long emittedNs) {}

  private final Topology topology;
  private final Policy policy;

  public PathExecutor(Topology topology, Policy policy) {
    this.topology = topology;
    this.policy = policy;
  }

  /**
   * Runs {@code pairs} pairs along {@code route} with {@code rounds} of pumping per link,
   * starting at {@code startNs}; gives up at {@code deadlineNs}.
   */
  public Outcome run(Route route, int rounds, int pairs, double minFidelity, long startNs,
      long deadlineNs, SplittableRandom random) {
    int n = route.hops();
    long[] start = new long[n];
    for (int i = 0; i < n; i++) {
      // The go-ahead travels from the source with the last reservation grant.
      start[i] = startNs + route.delayFromSourceNs()[i];
    }
    List<Delivery> out = new ArrayList<>(pairs);
    long cutoffDiscards = 0;
    long fidelityDiscards = 0;
    long[] swapAt = new long[n];
    long[] ready = new long[n];
    LinkPair[] lp = new LinkPair[n];
    long end = startNs;
    while (out.size() < pairs) {
      for (int i = 0; i < n; i++) {
        lp[i] = sample(route, i, rounds, start[i], deadlineNs, random);
        if (lp[i] == null) {
          return new Outcome(out, Math.max(end, deadlineNs), cutoffDiscards, fidelityDiscards);
        }
      }
      // Discard and regenerate the first pair to outwait the cutoff until none does.
      while (true) {
        for (int i = 0; i < n; i++) {
          ready[i] = lp[i].readyNs();
        }
        SwapTimes.of(policy.schedule(), route, ready, swapAt);
        int expired = policy.cutoffNs() > 0 ? firstExpired(n, swapAt, ready) : -1;
        if (expired < 0) {
          break;
        }
        cutoffDiscards++;
        long discardedAt = lp[expired].readyNs() + policy.cutoffNs();
        lp[expired] = sample(route, expired, rounds, discardedAt, deadlineNs, random);
        if (lp[expired] == null) {
          return new Outcome(out, Math.max(end, deadlineNs), cutoffDiscards, fidelityDiscards);
        }
      }
      long delivery = deliveryTime(route, swapAt, ready);
      if (delivery > deadlineNs) {
        return new Outcome(out, Math.max(end, deadlineNs), cutoffDiscards, fidelityDiscards);
      }
      double[] w = endToEnd(route, lp, swapAt, delivery);
      long oldest = Long.MAX_VALUE;
      for (LinkPair p : lp) {
        oldest = Math.min(oldest, p.emittedNs());
      }
      if (policy.discardBelowMinimum() && w[BellDiagonal.I] < minFidelity) {
        fidelityDiscards++;
      } else {
        out.add(new Delivery(delivery, w[BellDiagonal.I], delivery - oldest));
      }
      end = delivery;
      // A link starts its next pair once both its qubits are free again.
      for (int i = 0; i < n; i++) {
        long left = i == 0 ? delivery : swapAt[i];
        long right = i == n - 1 ? delivery : swapAt[i + 1];
        start[i] = Math.max(left, right);
      }
    }
    return new Outcome(out, end, cutoffDiscards, fidelityDiscards);
  }

  /** The link whose pair reaches the cutoff first while waiting for a swap, or -1. */
  private int firstExpired(int n, long[] swapAt, long[] ready) {
    int first = -1;
    long firstAt = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      long used = Math.max(i > 0 ? swapAt[i] : 0, i < n - 1 ? swapAt[i + 1] : 0);
      long readyNs = ready[i];
      if (n > 1 && used - readyNs > policy.cutoffNs() && readyNs + policy.cutoffNs() < firstAt) {
        first = i;
        firstAt = readyNs + policy.cutoffNs();
      }
    }
    return first;
  }

  /** Both ends know every swap outcome: the latest outcome's arrival at the farther end. */
  static long deliveryTime(Route route, long[] swapAt, long[] ready) {
    int n = route.hops();
    long t = Math.max(ready[0], ready[n - 1]);
    for (int k = 1; k < n; k++) {
      t = Math.max(t, swapAt[k] + Math.max(route.delayBetweenNs(k, 0), route.delayBetweenNs(k, n)));
    }
    return t;
  }

  private double[] endToEnd(Route route, LinkPair[] lp, long[] swapAt, long delivery) {
    int n = route.hops();
    double[] acc = PathPhysics.weights(BellDiagonal.PERFECT);
    double[] w = new double[4];
    for (int i = 0; i < n; i++) {
      System.arraycopy(lp[i].state(), 0, w, 0, 4);
      long left = i == 0 ? delivery : swapAt[i];
      long right = i == n - 1 ? delivery : swapAt[i + 1];
      memory(route.nodes()[i]).decay(w, left - lp[i].readyNs());
      memory(route.nodes()[i + 1]).decay(w, right - lp[i].readyNs());
      double gate = i == 0 ? 0 : topology.node(route.nodes()[i]).gateDepolarizing();
      Swapping.swap(acc, w, gate, acc);
    }
    return acc;
  }

  private MemoryNoise memory(int node) {
    return topology.node(node).memoryNoise();
  }

  /**
   * The next pair of link i (after {@code rounds} of pumping) from {@code fromNs}, or null when
   * it cannot be ready by the deadline.
   */
  private LinkPair sample(Route route, int i, int rounds, long fromNs, long deadlineNs,
      SplittableRandom random) {
    Link link = topology.link(route.links()[i]);
    MemoryNoise a = memory(route.nodes()[i]);
    MemoryNoise b = memory(route.nodes()[i + 1]);
    LinkPair kept = null;
    int done = 0;
    long t = fromNs;
    while (t <= deadlineNs) {
      LinkPair fresh = fresh(link, t, a, b, random);
      if (rounds == 0) {
        return fresh.readyNs() <= deadlineNs ? fresh : null;
      }
      if (kept == null) {
        kept = fresh;
        t = fresh.emittedNs() + link.attemptPeriodNs();
        continue;
      }
      // Pump: the kept pair waited for the fresh one; the parities are compared over the link.
      double[] w = kept.state().clone();
      a.decay(w, fresh.readyNs() - kept.readyNs());
      b.decay(w, fresh.readyNs() - kept.readyNs());
      double p = PathPhysics.PROTOCOL.apply(w, fresh.state(), w);
      long known = fresh.readyNs() + link.delayNs();
      if (random.nextDouble() < p) {
        a.decay(w, link.delayNs());
        b.decay(w, link.delayNs());
        kept = new LinkPair(known, w, Math.min(kept.emittedNs(), fresh.emittedNs()));
        if (++done == rounds) {
          return known <= deadlineNs ? kept : null;
        }
      } else {
        kept = null;
        done = 0;
      }
      t = fresh.readyNs();
    }
    return null;
  }

  /** A fresh heralded pair: attempts to the first success drawn from the geometric law. */
  private static LinkPair fresh(Link link, long fromNs, MemoryNoise a, MemoryNoise b,
      SplittableRandom random) {
    double p = link.successProbability();
    long attempts = 1;
    if (p < 1) {
      double u = 1.0 - random.nextDouble(); // in (0, 1]
      // Capped far beyond any run length, so the emission time cannot overflow.
      attempts = 1 + (long) Math.min(Math.floor(Math.log(u) / Math.log1p(-p)),
          (double) (Long.MAX_VALUE / 4 / link.attemptPeriodNs()));
    }
    long emitted = fromNs + Math.min((attempts - 1) * link.attemptPeriodNs(), Long.MAX_VALUE / 4);
    long ready = emitted + link.delayNs();
    double[] w = PathPhysics.weights(link.freshState());
    // Both qubits are stored from emission until the herald arrives.
    a.decay(w, link.delayNs());
    b.decay(w, link.delayNs());
    return new LinkPair(ready, w, emitted);
  }
}
