package io.qbone.qkd.node;

import com.typesafe.config.ConfigFactory;
import io.qbone.node.engine.EmbeddedCluster;
import io.qbone.node.engine.EngineSettings;
import io.qbone.node.engine.ModelFactory;
import io.qbone.node.engine.RunResult;
import io.qbone.node.network.FaultSchedule;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.QkdChannelReport;
import io.qbone.protocol.v1.QkdDemandReport;
import io.qbone.qkd.link.DecoyBb84Link;
import io.qbone.qkd.link.QkdLinkConfig;
import io.qbone.qkd.pool.KeyBlockSink;
import io.qbone.qkd.rate.DecoyBb84Params;
import io.qbone.qkd.rate.DecoyMethod;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.traffic.FlowConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs QKD networks on a real embedded cluster with every message serialized, keeping the node
 * models so tests can compare both ends' pools and keys afterwards.
 */
final class QkdRunner {
  /** A finished run: the engine's result and each LP's model. */
  record Run(RunResult result, QkdPlan plan, AtomicReferenceArray<QkdNode> models) {
    QkdNodeProcess node(String name) {
      return models.get(plan.network().topology().indexOf(name)).qkd();
    }

    QkdChannelReport channel(int c) {
      int gen = plan.channel(c).a();
      for (LpReport r : result.reports()) {
        if (r.getLp() == gen) {
          for (QkdChannelReport cr : r.getQkdChannelsList()) {
            if (cr.getChannel() == c) {
              return cr;
            }
          }
        }
      }
      throw new AssertionError("no report of channel " + c);
    }

    /** Relay bits spent on channel c by both ends. */
    long relayBits(int c) {
      long sum = 0;
      for (LpReport r : result.reports()) {
        for (QkdChannelReport cr : r.getQkdChannelsList()) {
          if (cr.getChannel() == c) {
            sum += cr.getRelayBitsUsed();
          }
        }
      }
      return sum;
    }

    QkdDemandReport demand(int d) {
      for (LpReport r : result.reports()) {
        for (QkdDemandReport dr : r.getQkdDemandsList()) {
          if (dr.getDemand() == d) {
            return dr;
          }
        }
      }
      throw new AssertionError("no report of demand " + d);
    }
  }

  private QkdRunner() {}

  static NodeConfig node(String name) {
    return new NodeConfig(name, "end", NodeConfig.AUTO_QUBITS, Double.POSITIVE_INFINITY,
        Double.NaN, Double.NaN);
  }

  static LinkConfig fibre(String a, String b, double km) {
    return new LinkConfig(a, b, km, 0.2, 1.468, 0.95, 0.5, 0);
  }

  /**
   * Decoy BB84 with the parameters of Ma, Qi, Zhao and Lo, PRA 72, 012326 (2005), Table I (GYS:
   * eta_Bob 0.045, Y_0 1.7e-6, e_d 0.033, f 1.22) at mu 0.5, nu 0.1, on a 1 GHz source.
   */
  static DecoyBb84Link gys(double km) {
    return new DecoyBb84Link(new DecoyBb84Params(0.5, 0.1, 1.7e-6, 0.045, 0.033, 1.22, 0.21, km,
        0.5), DecoyMethod.VACUUM_PLUS_WEAK, 1e9);
  }

  static NetworkPlan network(List<String> nodes, List<LinkConfig> links, List<FlowConfig> flows) {
    return new NetworkPlan(new Topology(nodes.stream().map(QkdRunner::node).toList(), links),
        flows, io.qbone.router.routing.RouteMetric.LATENCY);
  }

  static QkdLinkConfig qkdLink(String a, String b, io.qbone.qkd.link.LinkKeyModel model) {
    return new QkdLinkConfig(a, b, "decoy-bb84", model);
  }

  static Run run(NetworkPlan network, QkdConfig config, FaultSchedule faults, KeyBlockSink sink,
      Telemetry telemetry, double durationS, long seed, int members) throws Exception {
    QkdPlan plan = new QkdPlan(network, config, sink, telemetry, true);
    int n = network.topology().nodeCount();
    AtomicReferenceArray<QkdNode> models = new AtomicReferenceArray<>(n);
    EngineSettings settings = new EngineSettings(network.topology().minLinkDelayNs(),
        Math.round(durationS * 1e9), seed, 0);
    RunResult result = new EmbeddedCluster(members, 2, ConfigFactory.parseString(
            "pekko.actor.serialize-messages = on\npekko.actor.serialize-creators = off"))
        .run(settings, n, ((ModelFactory) lp -> {
          QkdNode m = new QkdNode(plan, lp, telemetry);
          models.set(lp, m);
          return m;
        }).withSchedule(faults.messages()), System::nanoTime);
    return new Run(result, plan, models);
  }
}
