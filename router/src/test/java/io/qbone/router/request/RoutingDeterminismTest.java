package io.qbone.router.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.engine.RunResult;
import io.qbone.node.network.Link;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.LinkCut;
import io.qbone.protocol.v1.LpReport;
import io.qbone.router.routing.ShippedProtocols;
import io.qbone.router.traffic.Burst;
import io.qbone.router.traffic.HotSpot;
import io.qbone.router.traffic.RequestClass;
import io.qbone.router.traffic.TrafficConfig;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Same plan and seed on 1 and on 3 cluster members: byte-identical reports, for every protocol. */
class RoutingDeterminismTest {
  private static byte[] bytes(RunResult r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (LpReport lp : r.reports()) {
      lp.writeDelimitedTo(out);
    }
    return out.toByteArray();
  }

  @Test
  void everyProtocolIsDeterministicAcrossMemberCounts() throws Exception {
    Topology t = RequestRunner.randomNetwork(19, 14, 0.2, 3, 0.02);
    Link cut = t.link(3);
    Fault f = Fault.newBuilder().setLinkCut(LinkCut.newBuilder().setLink(3)).build();
    List<RequestPlan.TimedFault> faults = List.of(
        new RequestPlan.TimedFault(20_000_000, cut.a(), f),
        new RequestPlan.TimedFault(20_000_000, cut.b(), f));
    TrafficConfig traffic = new TrafficConfig(1500, List.of(new HotSpot("n2", 0.3)),
        List.of(new Burst(0.01, 0.02, 3)), List.of(), new RequestClass(2, 0.7, 0.01), 0.04);
    List<RoutingConfig> configs = new ArrayList<>();
    for (String protocol : ShippedProtocols.NAMES) {
      configs.add(new RoutingConfig(protocol, SwapSchedule.NESTED, 0.0005, 0.002, 4, 4, 2,
          2, 0.005, 0.0125, "n5", false, MemoryPolicy.RESERVED));
    }
    configs.add(configs.get(ShippedProtocols.NAMES.indexOf("link-state")).withLinkStateConverged());
    for (RoutingConfig c : configs) {
      String protocol = c.protocol() + (c.linkStateConverged() ? " (converged start)" : "");
      RequestPlan plan = new RequestPlan(t, c, traffic, 0.05, faults);
      RunResult one = RequestRunner.run(plan, 8, 1);
      RunResult three = RequestRunner.run(plan, 8, 3);
      assertEquals(3, three.lpsPerMember().size());
      assertTrue(three.lpsPerMember().stream().allMatch(n -> n > 0), "LPs on every member");
      long delivered = RequestRunner.sum(RequestRunner.nodes(plan, one),
          r -> r.getPairsDelivered());
      assertTrue(delivered > 20, protocol + " delivered " + delivered);
      assertArrayEquals(bytes(one), bytes(three), protocol + ": 1 vs 3 members");
    }
  }
}
