package io.qbone.router.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.protocol.v1.PairRef;
import io.qbone.protocol.v1.SwapResult;
import io.qbone.router.routing.Route;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Swap results joined in any order: each chain completes once, and nothing stays filed. */
class ChainAssemblerTest {
  static final int HOPS = 4;

  static Route route() {
    List<NodeConfig> nodes = new ArrayList<>();
    List<LinkConfig> links = new ArrayList<>();
    for (int i = 0; i <= HOPS; i++) {
      nodes.add(new NodeConfig("n" + i, "repeater", 4, 1.0, Double.NaN, Double.NaN));
      if (i > 0) {
        links.add(new LinkConfig("n" + (i - 1), "n" + i, 10, 0.2, 1.468, 0.95, 0.5, 0));
      }
    }
    return Route.along(0, new Topology(nodes, links), new int[] {0, 1, 2, 3, 4},
        new int[] {0, 1, 2, 3});
  }

  /** The result of repeater k joining chain c's pairs on links k - 1 and k. */
  static SwapResult result(int chain, int k, boolean failed) {
    return SwapResult.newBuilder().setCircuit(1).setPosition(k).setSwappedAtNs(1000L * k)
        .setLeft(PairRef.newBuilder().setPairId(pair(chain, k - 1)))
        .setRight(PairRef.newBuilder().setPairId(pair(chain, k)))
        .setLeftReachesSource(k == 1).setRightReachesDestination(k == HOPS - 1)
        .setContribution(BellDiagonal.PERFECT.toProto()).setFailed(failed).build();
  }

  static long pair(int chain, int link) {
    return (long) link << 32 | chain;
  }

  @Test
  void everyChainCompletesOnceInAnyOrderAndLeavesNothingFiled() {
    ChainAssembler a = new ChainAssembler(route());
    List<SwapResult> results = new ArrayList<>();
    for (int c = 0; c < 200; c++) {
      for (int k = 1; k < HOPS; k++) {
        results.add(result(c, k, false));
      }
    }
    Collections.shuffle(results, new Random(3));
    int delivered = 0;
    for (SwapResult r : results) {
      if (a.add(r) instanceof ChainAssembler.Delivery) {
        delivered++;
      }
    }
    assertEquals(200, delivered);
    assertEquals(0, a.trackedPairs());
  }

  @Test
  void aFailedSwapLosesTheChainAtBothEnds() {
    ChainAssembler a = new ChainAssembler(route());
    assertNull(a.add(result(0, 2, true)));
    ChainAssembler.Joined left = a.add(result(0, 1, false));
    assertEquals(new ChainAssembler.Lost(pair(0, 0), -1), left);
    ChainAssembler.Joined whole = a.add(result(0, 3, false));
    assertEquals(new ChainAssembler.Lost(-1, pair(0, 3)), whole);
    assertEquals(0, a.trackedPairs());
  }

  @Test
  void aDiscardMetBeforeOrAfterItsResultsLosesTheChain() {
    ChainAssembler a = new ChainAssembler(route());
    // Repeater 2 discarded its qubit of chain 0's pair on link 1; repeater 1 swapped that pair.
    assertNull(a.discard(pair(0, 1), 0));
    assertInstanceOf(ChainAssembler.Lost.class, a.add(result(0, 1, false)));
    // The other order: the result first, then the discard.
    assertNull(a.add(result(1, 1, false)));
    assertEquals(new ChainAssembler.Lost(pair(1, 0), -1), a.discard(pair(1, 1), 0));
  }

  /**
   * Repeaters 1 and 2 both discard their halves of a pair on link 1 at the same instant: no
   * result will ever reach that pair. Its notice is forgotten once a result could no longer come
   * (twice the route's delay), so long runs with cutoffs keep nothing filed for it.
   */
  @Test
  void aPairDiscardedAtBothHalvesIsForgottenAfterTheHorizon() {
    ChainAssembler a = new ChainAssembler(route());
    assertNull(a.discard(pair(0, 1), 1_000));
    assertNull(a.discard(pair(0, 1), 1_000));
    assertEquals(1, a.trackedPairs());
    long horizon = 2 * route().endToEndDelayNs();
    assertNull(a.discard(pair(1, 2), 1_000 + horizon));
    assertEquals(2, a.trackedPairs(), "not yet stale at the horizon itself");
    assertNull(a.discard(pair(2, 2), 1_001 + horizon));
    assertEquals(2, a.trackedPairs(), "the first notice is forgotten, the later ones kept");
    // Results that reach a kept notice still lose its chain.
    assertNull(a.add(result(2, 1, false)));
    assertEquals(new ChainAssembler.Lost(pair(2, 0), -1), a.add(result(2, 2, false)));
  }
}
