package io.qbone.router.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.engine.RunResult;
import io.qbone.node.network.Topology;
import io.qbone.node.telemetry.RequestResult;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.LinkCut;
import io.qbone.protocol.v1.RoutingReport;
import io.qbone.router.traffic.FixedFlow;
import io.qbone.router.traffic.RequestClass;
import io.qbone.router.traffic.TrafficConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the router reports to {@link Telemetry} about its requests, on a real cluster: every
 * outcome with its reason, every admission and every pair that counted, at the source node, the
 * same as the router's own report of the run.
 */
class RequestTelemetryTest {
  private static final Topology NET = FidelityAwareDeliveryTest.diamond();

  /** Everything reported about requests, in report order (LPs report concurrently). */
  private static final class Recorded implements Telemetry {
    record Finished(int node, RequestResult result, String reason) {}

    record Pair(int node, long atNs, double fidelity, long latencyNs) {}

    final List<Integer> admitted = new ArrayList<>();
    final List<Finished> finished = new ArrayList<>();
    final List<Pair> pairs = new ArrayList<>();

    @Override
    public synchronized void requestAdmitted(int node, long atNs) {
      admitted.add(node);
    }

    @Override
    public synchronized void requestFinished(int node, long atNs, RequestResult result,
        String reason) {
      finished.add(new Finished(node, result, reason));
    }

    @Override
    public synchronized void requestPairDelivered(int node, long atNs, double fidelity,
        long latencyNs) {
      pairs.add(new Pair(node, atNs, fidelity, latencyNs));
    }
  }

  private static int link(String a, String b) {
    for (int l = 0; l < NET.links().size(); l++) {
      if (NET.node(NET.link(l).a()).name().equals(a) && NET.node(NET.link(l).b()).name().equals(b)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no link " + a + "-" + b);
  }

  private static RoutingReport run(TrafficConfig traffic, String protocol,
      List<RequestPlan.TimedFault> faults, Recorded telemetry) throws Exception {
    RequestPlan plan = new RequestPlan(NET, RoutingConfig.defaults(protocol), traffic, 0.2,
        faults);
    RunResult r = RequestRunner.run(plan, 9, 1, telemetry);
    assertEquals(0, r.causalityViolations());
    return RequestRunner.nodes(plan, r).get(NET.indexOf("alice"));
  }

  @Test
  void aFailedRequestReportsItsReasonAndThePairsItGot() throws Exception {
    // One request of 100 pairs from alice to bob at 5 ms; both of alice's links cut at 15 ms.
    TrafficConfig one = new TrafficConfig(0, List.of(), List.of(),
        List.of(new FixedFlow("alice", "bob", 1, 0.005)), new RequestClass(100, 0, 0.1), 0.5);
    List<RequestPlan.TimedFault> cuts = new ArrayList<>();
    for (String other : List.of("short", "long1")) {
      Fault f = Fault.newBuilder().setLinkCut(LinkCut.newBuilder()
          .setLink(link("alice", other))).build();
      cuts.add(new RequestPlan.TimedFault(15_000_000, NET.indexOf("alice"), f));
      cuts.add(new RequestPlan.TimedFault(15_000_000, NET.indexOf(other), f));
    }
    Recorded t = new Recorded();
    RoutingReport alice = run(one, "shortest-latency", cuts, t);
    int source = NET.indexOf("alice");
    assertEquals(1, alice.getFailed());
    assertEquals(List.of(source), t.admitted);
    assertEquals(1, t.finished.size());
    assertEquals(source, t.finished.get(0).node());
    assertEquals(RequestResult.FAILED, t.finished.get(0).result());
    assertEquals("link-cut", RequestResult.reasonKind(t.finished.get(0).reason()));
    assertEquals(alice.getFailureReasonsList(),
        List.of(RequestResult.reasonKind(t.finished.get(0).reason())));
    assertTrue(alice.getPairsDelivered() > 0 && alice.getPairsDelivered() < 100);
    assertEquals(alice.getPairsDelivered(), t.pairs.size());
    for (int i = 0; i < t.pairs.size(); i++) {
      Recorded.Pair p = t.pairs.get(i);
      assertEquals(source, p.node());
      assertEquals(alice.getFidelities(i), p.fidelity(), 0.0, "pair " + i);
      assertTrue(p.latencyNs() > 0 && p.latencyNs() <= p.atNs() - 5_000_000,
          "latency " + p.latencyNs() + " of a pair delivered at " + p.atNs());
    }
  }

  @Test
  void everyOutcomeAndPairIsReportedAtItsSourceAsTheRouterCountsThem() throws Exception {
    // The workload of FidelityAwareDeliveryTest at five times the rate, so that memory runs
    // short: Poisson arrivals at every end node.
    RequestPlan plan = new RequestPlan(NET, RoutingConfig.defaults("fidelity-aware"),
        RequestLifecycleTest.poisson(1000, new RequestClass(3, FidelityAwareDeliveryTest.MIN,
            0.02), 0.15), 0.2, List.of());
    Recorded t = new Recorded();
    RunResult r = RequestRunner.run(plan, 11, 1, t);
    List<RoutingReport> nodes = RequestRunner.nodes(plan, r);
    long[] ended = new long[RequestResult.values().length];
    for (int v = 0; v < nodes.size(); v++) {
      int node = v;
      RoutingReport n = nodes.get(v);
      assertEquals(n.getAccepted(), t.admitted.stream().filter(x -> x == node).count());
      for (RequestResult result : RequestResult.values()) {
        long counted = switch (result) {
          case COMPLETED -> n.getCompleted();
          case FAILED -> n.getFailed();
          case REJECTED_ROUTING -> n.getRejectedRouting();
          case REJECTED_MEMORY -> n.getRejectedMemory();
        };
        assertEquals(counted, t.finished.stream()
            .filter(f -> f.node() == node && f.result() == result).count(), result.tag());
        ended[result.ordinal()] += counted;
      }
      // The reasons' kinds, as the router's table counts them.
      List<String> kinds = t.finished.stream().filter(f -> f.node() == node
          && f.result() != RequestResult.COMPLETED)
          .map(f -> RequestResult.reasonKind(f.reason())).distinct().sorted().toList();
      assertEquals(n.getFailureReasonsList(), kinds, "node " + v);
      List<Double> fidelities = t.pairs.stream().filter(p -> p.node() == node)
          .map(Recorded.Pair::fidelity).toList();
      assertEquals(n.getFidelitiesList(), fidelities, "node " + v);
    }
    assertTrue(ended[RequestResult.COMPLETED.ordinal()] > 20
        && ended[RequestResult.REJECTED_MEMORY.ordinal()]
            + ended[RequestResult.REJECTED_ROUTING.ordinal()] > 0,
        "completed, failed, rejected by routing and by memory: " + java.util.Arrays.toString(ended));
    assertTrue(t.finished.stream().filter(f -> f.result() == RequestResult.COMPLETED)
        .allMatch(f -> f.reason().isEmpty()), "a completed request has no reason");
  }
}
