package io.qbone.deploy.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.engine.EmbeddedCluster;
import io.qbone.node.engine.EngineSettings;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.qkd.node.QkdNode;
import io.qbone.qkd.node.QkdPlan;
import io.qbone.qkd.pool.KeyBlockSink;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.request.RequestPlan;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * scenarios/mixed-metro-repeater.yaml: trusted-node QKD links, a repeater chain whose pairs make
 * BBM92 key, a key demand relayed over both, and request traffic on the chain — one network,
 * one stack per node.
 */
class MixedNetworkTest {
  static Scenario mixed() {
    return ScenarioLoader.load(Path.of("..", "scenarios", "mixed-metro-repeater.yaml"));
  }

  @Test
  void everyKindOfTrafficRunsAndTheOutcomeIsTheSameOnOneAndThreeMembers() throws Exception {
    Scenario s = mixed();
    ScenarioRunner.Finished one = ScenarioRunner.run(s, new RunOptions(1, 2, 0, true));
    ScenarioRunner.Finished three = ScenarioRunner.run(s, new RunOptions(3, 1, 0, true));
    JsonNode o = ResultsJson.outcome(one);
    assertEquals(ResultsJson.toJson(ResultsJson.outcome(one)),
        ResultsJson.toJson(ResultsJson.outcome(three)));
    assertEquals(0, o.get("malformed_messages").asLong());
    assertEquals(0, o.get("causality_violations").asLong());

    JsonNode flow = o.get("flows").get(0);
    assertTrue(flow.get("delivered_pairs").asLong() > 100, flow.toString());
    JsonNode routing = o.get("routing");
    assertTrue(routing.get("requests").asLong() >= 70, routing.toString());
    assertTrue(routing.get("completed").asLong() > 0.8 * routing.get("requests").asLong(),
        routing.toString());
    for (JsonNode demand : o.get("qkd").get("demands")) {
      assertTrue(demand.get("delivered").asLong() > 0, demand.toString());
    }
  }

  @Test
  void bothEndsOfTheRelayedDemandHoldTheSameKeys() throws Exception {
    Scenario s = mixed();
    NetworkPlan plan = PlanBuilder.build(s);
    RequestPlan requests = RequestPlan.besideFlows(plan, s.requestRouting(), s.traffic(),
        s.durationS());
    QkdPlan qkd = new QkdPlan(plan, s.qkd(), KeyBlockSink.NONE, Telemetry.NONE, true);
    int n = plan.topology().nodeCount();
    AtomicReferenceArray<QkdNode> models = new AtomicReferenceArray<>(n);
    new EmbeddedCluster(2, 1, ConfigFactory.empty()).run(
        new EngineSettings(plan.topology().minLinkDelayNs(), Math.round(s.durationS() * 1e9),
            s.seed(), 0),
        n, (lp -> {
          QkdNode m = new QkdNode(qkd, requests, lp, Telemetry.NONE);
          models.set(lp, m);
          return m;
        }), System::nanoTime);
    int hq = plan.topology().indexOf("hq");
    int lab = plan.topology().indexOf("lab");
    TreeMap<Long, byte[]> sent = models.get(hq).qkd().deliveredKeys();
    TreeMap<Long, byte[]> received = models.get(lab).qkd().deliveredKeys();
    int demand = 0; // hq-lab, the first demand
    int compared = 0;
    for (Map.Entry<Long, byte[]> e : sent.entrySet()) {
      if (e.getKey() >> 40 == demand) {
        assertArrayEquals(e.getValue(), received.get(e.getKey()), "key " + e.getKey());
        compared++;
      }
    }
    assertTrue(compared >= 5, "keys relayed over BB84 and BBM92: " + compared);
  }
}
