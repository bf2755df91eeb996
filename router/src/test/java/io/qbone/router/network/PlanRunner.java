package io.qbone.router.network;

import com.typesafe.config.ConfigFactory;
import io.qbone.node.engine.EmbeddedCluster;
import io.qbone.node.engine.EngineSettings;
import io.qbone.node.engine.RunResult;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.stack.NodeStack;
import io.qbone.router.traffic.FlowConfig;
import java.util.ArrayList;
import java.util.List;

/** Builds small networks and runs them on a real embedded cluster with every message serialized. */
final class PlanRunner {
  private PlanRunner() {}

  static NodeConfig node(String name, double coherenceTimeS) {
    return new NodeConfig(name, "repeater", NodeConfig.AUTO_QUBITS, coherenceTimeS, Double.NaN, Double.NaN);
  }

  static LinkConfig link(String a, String b, double km, double fidelity, double efficiency) {
    return new LinkConfig(a, b, km, 0.2, 1.468, fidelity, efficiency, 0);
  }

  /** n equal links n0 - n1 - ... - n(n), one flow end to end. */
  static NetworkPlan chain(int links, double km, double fidelity, double efficiency, double coherenceS) {
    List<NodeConfig> nodes = new ArrayList<>();
    List<LinkConfig> ls = new ArrayList<>();
    for (int i = 0; i <= links; i++) {
      nodes.add(node("n" + i, coherenceS));
      if (i > 0) {
        ls.add(link("n" + (i - 1), "n" + i, km, fidelity, efficiency));
      }
    }
    return new NetworkPlan(new Topology(nodes, ls),
        List.of(new FlowConfig("f", "n0", "n" + links, 0)), RouteMetric.LATENCY);
  }

  static RunResult run(NetworkPlan plan, double durationS, long seed, int members) throws Exception {
    EngineSettings settings = new EngineSettings(
        plan.topology().minLinkDelayNs(), Math.round(durationS * 1e9), seed, 0);
    return new EmbeddedCluster(members, 2, ConfigFactory.parseString(
            "pekko.actor.serialize-messages = on\npekko.actor.serialize-creators = off"))
        .run(settings, plan.topology().nodeCount(), lp -> new NodeStack(plan, lp, Telemetry.NONE), System::nanoTime);
  }
}
