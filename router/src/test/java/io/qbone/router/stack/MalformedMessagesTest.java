package io.qbone.router.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qbone.node.engine.EmbeddedCluster;
import io.qbone.node.engine.EngineSettings;
import io.qbone.node.engine.Injector;
import io.qbone.node.engine.RunProgress;
import io.qbone.node.engine.RunResult;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.BellDiagonal;
import io.qbone.protocol.v1.EntanglementRequest;
import io.qbone.protocol.v1.Herald;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.PairDiscarded;
import io.qbone.protocol.v1.PurifyResult;
import io.qbone.protocol.v1.Release;
import io.qbone.protocol.v1.Reserve;
import io.qbone.protocol.v1.SwapResult;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.traffic.FlowConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Misaddressed and malformed messages of every type the node stack takes are dropped and
 * counted; the node goes on as if they had never come (its flow delivers exactly the pairs of an
 * undisturbed run).
 */
class MalformedMessagesTest {
  static final List<LpMessage.Builder> BAD = List.of(
      // An entanglement request for a route this node is not on at that position.
      LpMessage.newBuilder().setEntanglementRequest(EntanglementRequest.newBuilder()
          .setCircuit(7).addNodes(0).addNodes(1).addLinks(0).setPosition(1).setFlow(-1)),
      // Heralds, results, discards and pumping outcomes of circuits the node never had.
      LpMessage.newBuilder().setHerald(Herald.newBuilder().setLink(0).setCircuit(999)),
      LpMessage.newBuilder().setSwapResult(SwapResult.newBuilder().setCircuit(999).setPosition(1)),
      LpMessage.newBuilder().setPairDiscarded(PairDiscarded.newBuilder().setCircuit(999)),
      LpMessage.newBuilder().setPurifyResult(PurifyResult.newBuilder().setCircuit(999).setLink(0)),
      // Credits for a link the node does not generate on.
      LpMessage.newBuilder().setRelease(Release.newBuilder().setLink(1).setCircuit(0).setSlots(1)),
      // A herald whose state is not a probability distribution.
      LpMessage.newBuilder().setHerald(Herald.newBuilder().setLink(0).setCircuit(999)
          .setState(BellDiagonal.newBuilder().setPhiPlus(-3))),
      // A routing message in a run without requests.
      LpMessage.newBuilder().setReserve(Reserve.newBuilder().setRequest(1)));

  static RunResult run(boolean withBadMessages) throws Exception {
    List<NodeConfig> nodes = List.of(
        new NodeConfig("a", "end", 4, 1.0, Double.NaN, Double.NaN),
        new NodeConfig("m", "repeater", 4, 1.0, Double.NaN, Double.NaN),
        new NodeConfig("b", "end", 4, 1.0, Double.NaN, Double.NaN));
    Topology topology = new Topology(nodes, List.of(
        new LinkConfig("a", "m", 10, 0.2, 1.468, 0.95, 0.5, 0),
        new LinkConfig("m", "b", 10, 0.2, 1.468, 0.95, 0.5, 0)));
    NetworkPlan plan = new NetworkPlan(topology, List.of(new FlowConfig("f", "a", "b", 0)),
        RouteMetric.LATENCY);
    Injector injector = new Injector(3);
    if (withBadMessages) {
      for (LpMessage.Builder m : BAD) {
        injector.inject(0, m);
      }
    }
    return new EmbeddedCluster(2, 1, ConfigFactory.parseString(
            "pekko.actor.serialize-messages = on\npekko.actor.serialize-creators = off"))
        .run(new EngineSettings(topology.minLinkDelayNs(), 20_000_000L, 4, 0), 3,
            lp -> new NodeStack(plan, lp, Telemetry.NONE), System::nanoTime, new RunProgress(),
            injector);
  }

  @Test
  void everyBadMessageIsDroppedAndCountedAndChangesNothing() throws Exception {
    RunResult clean = run(false);
    RunResult hit = run(true);
    assertEquals(0, clean.malformedMessages());
    assertEquals(BAD.size(), hit.malformedMessages());
    long delivered = clean.reports().get(0).getFlows(0).getDelivered();
    assertTrue(delivered > 50, "delivered " + delivered);
    assertEquals(clean.reports().get(0).getFlows(0), hit.reports().get(0).getFlows(0));
  }
}
