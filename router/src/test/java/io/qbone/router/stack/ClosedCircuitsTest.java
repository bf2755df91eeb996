package io.qbone.router.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.router.request.RequestPlan;
import io.qbone.router.request.RoutingConfig;
import io.qbone.router.traffic.RequestClass;
import io.qbone.router.traffic.TrafficConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node remembers the request circuits it closed only while their late messages can still
 * arrive (until the lease's end plus the path's delay), so a long request-driven run keeps the
 * recently closed ones, not every one it ever served.
 */
class ClosedCircuitsTest {
  @Test
  void closedCircuitsAreForgottenOnceNoMessageOfTheirsCanArrive() throws Exception {
    Topology chain = new Topology(
        List.of(node("a"), node("r"), node("b")),
        List.of(new LinkConfig("a", "r", 10, 0.2, 1.468, 0.95, 0.5, 0),
            new LinkConfig("r", "b", 10, 0.2, 1.468, 0.95, 0.5, 0)));
    // Requests between the two ends every ~0.5 ms for 0.25 s, each over within 5 ms.
    TrafficConfig traffic = new TrafficConfig(2000, List.of(), List.of(), List.of(),
        new RequestClass(1, 0, 0.005), 0.25);
    RecordingStack.Run run = RecordingStack.runKeepingStacks(new RequestPlan(chain,
        RoutingConfig.defaults("shortest-latency"), traffic, 0.3, List.of()), 3);
    long installedAtRepeater = run.log().stream()
        .filter(m -> m.at() == 1 && m.message().getBodyCase()
            == LpMessage.BodyCase.ENTANGLEMENT_REQUEST)
        .count();
    CircuitLayer repeater = run.stacks().get(1).circuits();
    assertTrue(installedAtRepeater > 200, "circuits through the repeater: " + installedAtRepeater);
    // Every circuit closed by the end (its request done); at most those of the last ~10 ms
    // (lease: 5 ms deadline + path delay, then the path delay) are still remembered.
    assertEquals(0, run.result().malformedMessages(), "no late message was taken for unknown");
    assertTrue(repeater.rememberedClosed() < installedAtRepeater / 10,
        "remembered " + repeater.rememberedClosed() + " of " + installedAtRepeater);
  }

  private static NodeConfig node(String name) {
    return new NodeConfig(name, name.equals("r") ? "repeater" : "end", 4,
        Double.POSITIVE_INFINITY, Double.NaN, Double.NaN);
  }
}
