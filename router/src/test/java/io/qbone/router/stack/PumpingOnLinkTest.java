package io.qbone.router.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.physics.PurificationResult;
import io.qbone.protocol.v1.PurifyResult;
import io.qbone.protocol.v1.RoutingReport;
import io.qbone.router.request.RequestPlan;
import io.qbone.router.request.MemoryPolicy;
import io.qbone.router.request.RoutingConfig;
import io.qbone.router.request.SwapSchedule;
import io.qbone.router.routing.PathPhysics;
import io.qbone.router.traffic.FixedFlow;
import io.qbone.router.traffic.RequestClass;
import io.qbone.router.traffic.TrafficConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Entanglement pumping as a link-layer exchange: the generating end pairs a kept and a fresh
 * pair, the far end learns the outcome one link delay later in a {@link PurifyResult}. Without
 * memory decay each delivered pair has exactly the state of the DEJMPS recurrence after its
 * rounds (Deutsch et al., PRL 77, 2818 (1996); the recurrence itself is checked against the
 * exact density-matrix backend in node's purification tests), and each round succeeds with the
 * recurrence's probability.
 */
class PumpingOnLinkTest {
  @Test
  void pumpedPairsFollowTheRecurrence() throws Exception {
    BellDiagonal fresh = BellDiagonal.werner(0.80);
    PurificationResult round1 = PathPhysics.PROTOCOL.apply(fresh, fresh);
    PurificationResult round2 = PathPhysics.PROTOCOL.apply(round1.state(), fresh);
    double f1 = round1.state().fidelity();
    double f2 = round2.state().fidelity();
    assertTrue(f1 < f2, "two rounds purify further: " + f1 + " < " + f2);

    // One lossless 20 km link (every attempt heralds), memories that never decay.
    Topology topology = new Topology(
        List.of(new NodeConfig("alice", "end", 4, Double.POSITIVE_INFINITY, Double.NaN,
                Double.NaN),
            new NodeConfig("bob", "end", 4, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN)),
        List.of(new LinkConfig("alice", "bob", 20, 0, 1.468, 0.80, 1, 0)));
    // Fidelity-aware routing takes the fewest rounds that reach the minimum: here two.
    RoutingConfig routing = new RoutingConfig("fidelity-aware", SwapSchedule.ASAP, 0, 0.01, 4,
        4, 2, 2, 0.1, 0.35, null, false, MemoryPolicy.RESERVED);
    double minimum = (f1 + f2) / 2;
    TrafficConfig traffic = new TrafficConfig(0, List.of(), List.of(),
        List.of(new FixedFlow("alice", "bob", 10, 0)), new RequestClass(400, minimum, 1.0),
        0.5);
    RecordingStack.Run run = RecordingStack.run(
        new RequestPlan(topology, routing, traffic, 1.0, List.of()), 17);

    RoutingReport alice = run.result().reports().get(0).getRouting();
    assertEquals(1, alice.getCompleted());
    assertEquals(400, alice.getFidelitiesCount());
    for (double f : alice.getFidelitiesList()) {
      assertEquals(f2, f, 1e-12, "a pair after two rounds of pumping");
    }
    long[] tries = new long[3];
    long[] successes = new long[3];
    for (RecordingStack.Received m : run.log()) {
      if (m.message().hasPurifyResult()) {
        assertEquals(1, m.at(), "outcomes go from the generating end to the other end");
        PurifyResult r = m.message().getPurifyResult();
        tries[r.getRoundsDone()]++;
        successes[r.getRoundsDone()] += r.getSuccess() ? 1 : 0;
      }
    }
    assertSuccessRate(round1.successProbability(), successes[1], tries[1]);
    assertSuccessRate(round2.successProbability(), successes[2], tries[2]);
    assertTrue(successes[2] >= 400, "every delivered pair passed round 2");
    assertEquals(0, run.result().malformedMessages());
  }

  /** Binomial: the observed fraction within 3 standard deviations of p. */
  private static void assertSuccessRate(double p, long successes, long tries) {
    double sigma = Math.sqrt(p * (1 - p) / tries);
    double observed = (double) successes / tries;
    assertTrue(Math.abs(observed - p) <= 3 * sigma, "success " + observed + " over " + tries
        + " rounds, expected " + p + " +- " + 3 * sigma);
  }
}
