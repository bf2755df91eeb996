package io.qbone.router.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.physics.PurificationSchedule;
import io.qbone.router.routing.NetworkView;
import io.qbone.router.routing.PathPhysics;
import io.qbone.router.routing.Route;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.routing.StaticShortestPath;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The path timeline and its states against closed forms. With lossless links (p = 1) every
 * attempt succeeds, so the times are exact; with a depolarising memory a Werner pair's parameter
 * w = (4F - 1)/3 is multiplied by exp(-t/T) for each qubit stored t, and a swap multiplies the
 * parameters (Dür et al., PRA 59, 169 (1999)), so F = (1 + 3 w^n exp(-S/T))/4 with S the summed
 * storage time of all 2n qubits.
 */
class PathExecutorTest {
  private static final long D = 48_967; // ns: 10 km x 1.468 / 299,792,458 m/s

  /** n equal lossless 10 km links n0..n(n), Werner fidelity f, memories with time constant T. */
  private static Topology chain(int links, double f, double efficiency, double coherenceS) {
    List<NodeConfig> nodes = new ArrayList<>();
    List<LinkConfig> ls = new ArrayList<>();
    for (int i = 0; i <= links; i++) {
      nodes.add(new NodeConfig("n" + i, "repeater", 8, coherenceS, Double.NaN, Double.NaN));
      if (i > 0) {
        ls.add(new LinkConfig("n" + (i - 1), "n" + i, 10, 0, 1.468, f, efficiency, 0));
      }
    }
    return new Topology(nodes, ls);
  }

  private static Route path(Topology t) {
    return new StaticShortestPath(RouteMetric.HOPS).route(NetworkView.allUp(t), 0,
        t.nodeCount() - 1);
  }

  private static PathExecutor.Outcome run(Topology t, SwapSchedule s, long cutoffNs, int rounds,
      int pairs, long deadlineNs) {
    return new PathExecutor(t, new PathExecutor.Policy(s, cutoffNs, false))
        .run(path(t), rounds, pairs, 0, 0, deadlineNs, new SplittableRandom(1));
  }

  private static double werner(double f, int links, double storedNs, double coherenceS) {
    double w = (4 * f - 1) / 3;
    return (1 + 3 * Math.pow(w, links) * Math.exp(-storedNs / (coherenceS * 1e9))) / 4;
  }

  @Test
  void delayIsOneLinkPerHopOutAndTheFartherEndBack() {
    assertEquals(D, chain(1, 0.9, 1, 1).link(0).delayNs(), "10 km of fiber at n = 1.468");
    PathExecutor.Outcome one = run(chain(1, 0.9, 1, Double.POSITIVE_INFINITY),
        SwapSchedule.ASAP, 0, 0, 1, Long.MAX_VALUE);
    assertEquals(D, one.deliveries().get(0).atNs(), "one hop: the herald after one delay");
    assertEquals(0.9, one.deliveries().get(0).fidelity(), 1e-12, "no memory decay: fresh F");
    // Two hops: link 1 starts when the go-ahead reaches n1 (D), ready at 2D, swap outcome to
    // the ends after a further D.
    PathExecutor.Outcome two = run(chain(2, 0.9, 1, Double.POSITIVE_INFINITY),
        SwapSchedule.ASAP, 0, 0, 1, Long.MAX_VALUE);
    assertEquals(3 * D, two.deliveries().get(0).atNs());
    assertEquals(0.9 * 0.9 + 0.1 * 0.1 / 3, two.deliveries().get(0).fidelity(), 1e-12,
        "Werner swap F1 F2 + (1 - F1)(1 - F2)/3");
  }

  @Test
  void scheduleDecidesHowLongQubitsWaitAndSoTheFidelity() {
    double t2 = 0.001;
    Topology t = chain(4, 0.95, 1, t2);
    // Ready times r_i = (i + 1) D. ASAP/sequential swap at 2D, 3D, 4D; nested at s1 = 2D,
    // s3 = 4D, then s2 = 5D once both halves are heard of. All deliver at 7D. Summed storage:
    // 8 qubits x D before the herald, plus 12 D (ASAP, sequential) or 16 D (nested) after.
    for (SwapSchedule s : SwapSchedule.values()) {
      PathExecutor.Outcome o = run(t, s, 0, 0, 1, Long.MAX_VALUE);
      PathExecutor.Delivery d = o.deliveries().get(0);
      assertEquals(7 * D, d.atNs(), s.name());
      double stored = s == SwapSchedule.NESTED ? 24 * D : 20 * D;
      assertEquals(werner(0.95, 4, stored, t2), d.fidelity(), 1e-12, s.name());
      assertEquals(7 * D, d.latencyNs(), s.name() + ": the oldest pair was emitted at 0");
    }
  }

  @Test
  void purifiedLinksDeliverTheClosedFormPumpingState() {
    Topology t = chain(1, 0.8, 1, Double.POSITIVE_INFINITY);
    double previous = 0.8;
    for (int rounds = 1; rounds <= 3; rounds++) {
      PathExecutor.Outcome o = run(t, SwapSchedule.ASAP, 0, rounds, 20, Long.MAX_VALUE);
      double expected = PurificationSchedule.pumping(BellDiagonal.werner(0.8),
          PathPhysics.PROTOCOL, rounds).state().fidelity();
      assertEquals(20, o.deliveries().size());
      for (PathExecutor.Delivery d : o.deliveries()) {
        assertEquals(expected, d.fidelity(), 1e-12, rounds + " rounds without memory decay");
      }
      // Pumping with fresh pairs approaches a fixed point below 1 (Dür et al. 1999): gains shrink.
      assertTrue(expected > previous, "each round raises the fidelity: " + expected);
      previous = expected;
    }
  }

  @Test
  void cutoffBoundsTheWaitAndSoTheFidelity() {
    double t2 = 0.002;
    // Lossy links (p = 0.02): pairs often wait long for their neighbour.
    Topology t = chain(2, 0.97, 0.02, t2);
    long cutoff = 20 * D;
    PathExecutor.Outcome with = run(t, SwapSchedule.ASAP, cutoff, 0, 300, Long.MAX_VALUE);
    PathExecutor.Outcome without = run(t, SwapSchedule.ASAP, 0, 0, 300, Long.MAX_VALUE);
    // Each link pair waits at most the cutoff for its swap, its end qubit one more D for the
    // outcome; with the 2 D of herald per pair the summed storage is at most 4 cutoff + 6 D.
    double bound = werner(0.97, 2, 4.0 * cutoff + 6 * D, t2);
    double minWith = with.deliveries().stream().mapToDouble(PathExecutor.Delivery::fidelity)
        .min().orElseThrow();
    double minWithout = without.deliveries().stream()
        .mapToDouble(PathExecutor.Delivery::fidelity).min().orElseThrow();
    assertTrue(with.cutoffDiscards() > 10, "pairs were discarded: " + with.cutoffDiscards());
    assertTrue(minWith >= bound - 1e-12, minWith + " >= " + bound);
    assertTrue(minWithout < bound, "without a cutoff some pairs fall below: " + minWithout);
    assertEquals(0, without.cutoffDiscards());
  }

  @Test
  void deadlineStopsThePath() {
    Topology t = chain(2, 0.9, 0.05, 1);
    PathExecutor.Outcome o = run(t, SwapSchedule.ASAP, 0, 0, 1_000_000, 50 * D);
    assertTrue(o.deliveries().size() < 1_000_000);
    for (PathExecutor.Delivery d : o.deliveries()) {
      assertTrue(d.atNs() <= 50 * D);
    }
    assertEquals(50 * D, o.endNs(), "memory is held until the deadline when pairs are missing");
  }
}
