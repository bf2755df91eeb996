package io.qbone.router.request;

import com.typesafe.config.ConfigFactory;
import io.qbone.node.engine.EmbeddedCluster;
import io.qbone.node.engine.EngineSettings;
import io.qbone.node.engine.RunResult;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.RoutingReport;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.network.PairListener;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.stack.NodeStack;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds request-driven networks and runs them on a real embedded cluster, every message serialized. */
final class RequestRunner {
  private RequestRunner() {}

  static NodeConfig node(String name, String kind, int qubits, double coherenceS) {
    return new NodeConfig(name, kind, qubits, coherenceS, Double.NaN, Double.NaN);
  }

  static LinkConfig link(String a, String b, double km, double fidelity, double efficiency) {
    return new LinkConfig(a, b, km, 0.2, 1.468, fidelity, efficiency, 0);
  }

  /**
   * A connected random graph of {@code n} nodes: a random spanning tree plus extra links with
   * probability {@code p}; lengths 5-50 km, fresh fidelities 0.85-0.99.
   */
  static Topology randomNetwork(long seed, int n, double p, int qubits, double coherenceS) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<NodeConfig> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(node("n" + i, "end", qubits, coherenceS));
    }
    List<LinkConfig> links = new ArrayList<>();
    boolean[][] has = new boolean[n][n];
    for (int i = 1; i < n; i++) {
      int j = rnd.nextInt(i);
      has[i][j] = has[j][i] = true;
      links.add(randomLink(rnd, j, i));
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (!has[i][j] && rnd.nextDouble() < p) {
          has[i][j] = has[j][i] = true;
          links.add(randomLink(rnd, i, j));
        }
      }
    }
    return new Topology(nodes, links);
  }

  private static LinkConfig randomLink(SplittableRandom rnd, int a, int b) {
    return link("n" + a, "n" + b, 5 + 45 * rnd.nextDouble(), 0.85 + 0.14 * rnd.nextDouble(), 0.5);
  }

  static RunResult run(RequestPlan plan, long seed, int members) throws Exception {
    return run(plan, seed, members, Telemetry.NONE);
  }

  /** The same, with every node reporting to {@code telemetry}. */
  static RunResult run(RequestPlan plan, long seed, int members, Telemetry telemetry)
      throws Exception {
    EngineSettings settings = new EngineSettings(
        plan.topology().minLinkDelayNs(), plan.durationNs(), seed, 0);
    NetworkPlan network = new NetworkPlan(plan.topology(), List.of(), RouteMetric.LATENCY);
    return new EmbeddedCluster(members, 2, ConfigFactory.parseString(
            "pekko.actor.serialize-messages = on\npekko.actor.serialize-creators = off"))
        .run(settings, plan.lpCount(), lp -> lp == plan.topology().nodeCount()
            ? new CentralController(plan)
            : new NodeStack(network, plan, lp, telemetry, PairListener.NONE),
            System::nanoTime);
  }

  /** Routing reports of the node LPs, in node order. */
  static List<RoutingReport> nodes(RequestPlan plan, RunResult r) {
    List<RoutingReport> out = new ArrayList<>();
    for (LpReport lp : r.reports().subList(0, plan.topology().nodeCount())) {
      out.add(lp.getRouting());
    }
    return out;
  }

  static long sum(List<RoutingReport> rs, java.util.function.ToLongFunction<RoutingReport> f) {
    return rs.stream().mapToLong(f).sum();
  }

  static List<Double> fidelities(List<RoutingReport> rs) {
    List<Double> out = new ArrayList<>();
    rs.forEach(r -> out.addAll(r.getFidelitiesList()));
    return out;
  }
}
