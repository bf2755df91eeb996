package io.qbone.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.Topology;
import java.util.SplittableRandom;
import org.example.routing.MostReliablePath;
import org.junit.jupiter.api.Test;

/** The docs' example protocol does what docs/routing.md says. */
class MostReliablePathTest {
  @Test
  void maximisesTheProductOfSuccessProbabilities() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int g = 0; g < 30; g++) {
      Topology t = KShortestPathsTest.randomGraph(rnd, 7, 0.5);
      PathRequest req = new PathRequest(g, 0, 6, 1, 0, Long.MAX_VALUE);
      RoutingDecision d = new MostReliablePath().route(req, NetworkView.allUp(t));
      var all = KShortestPathsTest.bruteForceCosts(t, LinkWeights.SUCCESS_PROBABILITY, 0, 6);
      if (all.isEmpty()) {
        assertInstanceOf(RoutingDecision.Rejected.class, d);
        continue;
      }
      Route r = ((RoutingDecision.Accepted) d).paths().get(0).route();
      double product = 1;
      for (int l : r.links()) {
        product *= t.link(l).successProbability();
      }
      assertEquals(Math.exp(-all.get(0)[0]), product, 1e-12);
    }
  }

  @Test
  void rejectsWhatThePathCannotServeWithTheReason() {
    Topology t = KShortestPathsTest.randomGraph(new SplittableRandom(9), 5, 1.0);
    PathRequest huge = new PathRequest(1, 0, 4, 100_000_000, 0, Long.MAX_VALUE);
    RoutingDecision d = new MostReliablePath().route(huge, NetworkView.allUp(t));
    assertTrue(((RoutingDecision.Rejected) d).reason().startsWith("rate: 100000000 pairs need"));
  }
}
