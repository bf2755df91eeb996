package io.qbone.router.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.engine.RunResult;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.RoutingReport;
import io.qbone.router.routing.ShippedProtocols;
import io.qbone.router.traffic.RequestClass;
import io.qbone.router.traffic.TrafficConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestLifecycleTest {
  static TrafficConfig poisson(double rate, RequestClass cls, double stopS) {
    return new TrafficConfig(rate, List.of(), List.of(), List.of(), cls, stopS);
  }

  @Test
  void contendedRandomWorkloadNeverOverCommitsAndFreesEveryQubit() throws Exception {
    for (String protocol : ShippedProtocols.NAMES) {
      Topology t = RequestRunner.randomNetwork(7, 12, 0.2, 2, 0.05);
      RequestPlan plan = new RequestPlan(t, RoutingConfig.defaults(protocol),
          poisson(3000, new RequestClass(2, 0.6, 0.02), 0.05), 0.1, List.of());
      RunResult r = RequestRunner.run(plan, 3, 1);
      List<RoutingReport> nodes = RequestRunner.nodes(plan, r);
      long requests = RequestRunner.sum(nodes, RoutingReport::getRequests);
      long settled = RequestRunner.sum(nodes, x -> x.getCompleted() + x.getFailed()
          + x.getRejectedRouting() + x.getRejectedMemory());
      System.out.printf("%s: requests %d completed %d failed %d rejR %d rejM %d pairs %d%n",
          protocol, requests, RequestRunner.sum(nodes, RoutingReport::getCompleted),
          RequestRunner.sum(nodes, RoutingReport::getFailed),
          RequestRunner.sum(nodes, RoutingReport::getRejectedRouting),
          RequestRunner.sum(nodes, RoutingReport::getRejectedMemory),
          RequestRunner.sum(nodes, RoutingReport::getPairsDelivered));
      assertTrue(requests > 20, protocol + ": the workload is real, got " + requests);
      assertEquals(requests, settled, protocol + ": every request ends one way or another");
      assertTrue(RequestRunner.sum(nodes, RoutingReport::getRejectedMemory) > 0,
          protocol + ": memories are contended");
      assertTrue(RequestRunner.sum(nodes, RoutingReport::getCompleted) > 0, protocol);
      for (int v = 0; v < nodes.size(); v++) {
        RoutingReport n = nodes.get(v);
        assertTrue(n.getMemoryPeakReserved() <= n.getMemoryCapacity(), protocol + " node " + v);
        assertEquals(0, n.getMemoryReservedAtEnd(), protocol + ": node " + v + " leaked memory");
        assertEquals(0, n.getRequestsInProgress(), protocol + " node " + v);
      }
      assertEquals(0, r.causalityViolations());
      assertEquals(0, r.malformedMessages());
    }
  }

  /**
   * The same contended workload on shared memory: no request is refused for memory (paths run at
   * once and wait for qubits pair by pair), the per-pair hand-over never over-commits a node, and
   * every qubit is back when the run ends (circuits closed by release or lease return theirs).
   */
  @Test
  void sharedMemoryNeverOverCommitsAndFreesEveryQubit() throws Exception {
    for (MemoryPolicy policy : List.of(MemoryPolicy.SHARED, MemoryPolicy.PRIORITY)) {
      for (String protocol : List.of("shortest-latency", "k-shortest")) {
        Topology t = RequestRunner.randomNetwork(7, 12, 0.2, 2, 0.05);
        RequestPlan plan = new RequestPlan(t, RoutingConfig.defaults(protocol).withMemory(policy),
            poisson(3000, new RequestClass(2, 0.6, 0.02), 0.05), 0.1, List.of());
        RunResult r = RequestRunner.run(plan, 3, 1);
        List<RoutingReport> nodes = RequestRunner.nodes(plan, r);
        String what = policy + " " + protocol;
        long requests = RequestRunner.sum(nodes, RoutingReport::getRequests);
        long settled = RequestRunner.sum(nodes, x -> x.getCompleted() + x.getFailed()
            + x.getRejectedRouting() + x.getRejectedMemory());
        assertTrue(requests > 20, what + ": the workload is real, got " + requests);
        assertEquals(requests, settled, what + ": every request ends one way or another");
        assertEquals(0, RequestRunner.sum(nodes, RoutingReport::getRejectedMemory), what);
        assertTrue(RequestRunner.sum(nodes, RoutingReport::getCompleted) > 0, what);
        boolean contended = false;
        for (int v = 0; v < nodes.size(); v++) {
          RoutingReport n = nodes.get(v);
          assertTrue(n.getMemoryPeakReserved() <= n.getMemoryCapacity(), what + " node " + v);
          contended |= n.getMemoryPeakReserved() == n.getMemoryCapacity();
          assertEquals(0, n.getMemoryReservedAtEnd(), what + ": node " + v + " leaked memory");
          assertEquals(0, n.getRequestsInProgress(), what + " node " + v);
        }
        assertTrue(contended, what + ": some node's memory ran full");
        assertEquals(0, r.causalityViolations());
        assertEquals(0, r.malformedMessages(), what);
      }
    }
  }
}
