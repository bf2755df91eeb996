package io.qbone.deploy.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.QkdAlarm;
import io.qbone.protocol.v1.QkdChannelReport;
import io.qbone.protocol.v1.QkdDemandReport;
import io.qbone.qkd.link.BlockPhysics;
import io.qbone.qkd.node.KeyChannel;
import io.qbone.qkd.node.QkdPlan;
import io.qbone.qkd.relay.KeyDemandConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The {@code outcome.qkd} part of the results (docs/results-schema.md, "QKD"). */
final class QkdResults {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private QkdResults() {}

  static ObjectNode outcome(QkdPlan plan, List<LpReport> reports, double durationS) {
    ObjectNode o = JSON.objectNode();
    o.set("links", channels(plan, reports, durationS));
    o.set("demands", demands(plan, reports, durationS));
    o.set("alarms", alarms(plan, reports));
    return o;
  }

  private static ArrayNode channels(QkdPlan plan, List<LpReport> reports, double durationS) {
    int n = plan.channels().size();
    QkdChannelReport[] gen = new QkdChannelReport[n];
    long[] relayBits = new long[n];
    for (LpReport r : reports) {
      for (QkdChannelReport c : r.getQkdChannelsList()) {
        relayBits[c.getChannel()] += c.getRelayBitsUsed();
        if (plan.channel(c.getChannel()).a() == r.getLp()) {
          gen[c.getChannel()] = c;
        }
      }
    }
    Topology t = plan.network().topology();
    ArrayNode arr = JSON.arrayNode();
    for (KeyChannel ch : plan.channels()) {
      QkdChannelReport c = gen[ch.index()] == null
          ? QkdChannelReport.getDefaultInstance() : gen[ch.index()];
      ObjectNode j = arr.addObject();
      j.put("name", ch.name());
      j.put("a", t.node(ch.a()).name());
      j.put("b", t.node(ch.b()).name());
      j.put("technology", ch.technology());
      if (ch.isBbm92()) {
        j.put("flow", plan.network().flows().get(ch.flow()).name());
      } else {
        j.put("length_km", t.link(ch.link()).config().lengthKm());
        BlockPhysics p = ch.model().physics(0);
        j.put("expected_secret_key_rate_bps", p.secretBitsPerSecond());
        j.put("expected_qber", p.qber());
      }
      j.put("blocks", c.getBlocks());
      j.put("blocks_aborted", c.getBlocksAborted());
      j.put("sifted_bits", c.getSiftedBits());
      j.put("secret_bits", c.getSecretBits());
      j.put("secret_key_rate_bps", c.getSecretBits() / durationS);
      j.put("pooled_bits", c.getPooledBits());
      long blocks = c.getBlocks();
      double mean = blocks > 0 ? c.getQberSum() / blocks : 0;
      j.put("qber_mean", mean);
      j.put("qber_std", blocks > 1
          ? Math.sqrt(Math.max(0, (c.getQberSqSum() - blocks * mean * mean) / (blocks - 1))) : 0.0);
      j.put("relay_bits_used", relayBits[ch.index()]);
      j.put("pool_forward_bits_at_end", c.getPoolForwardBits());
      j.put("pool_backward_bits_at_end", c.getPoolBackwardBits());
    }
    return arr;
  }

  private static ArrayNode demands(QkdPlan plan, List<LpReport> reports, double durationS) {
    QkdDemandReport[] byDemand = new QkdDemandReport[plan.demands().size()];
    for (LpReport r : reports) {
      for (QkdDemandReport d : r.getQkdDemandsList()) {
        byDemand[d.getDemand()] = d;
      }
    }
    Topology t = plan.network().topology();
    ArrayNode arr = JSON.arrayNode();
    for (int i = 0; i < byDemand.length; i++) {
      KeyDemandConfig cfg = plan.demands().get(i);
      QkdDemandReport d = byDemand[i] == null ? QkdDemandReport.getDefaultInstance() : byDemand[i];
      ObjectNode j = arr.addObject();
      j.put("name", cfg.name());
      j.put("from", cfg.from());
      j.put("to", cfg.to());
      j.put("key_bits", cfg.keyBits());
      j.put("requested_rate_bps", cfg.rateBps());
      j.put("requested", d.getRequested());
      j.put("delivered", d.getDelivered());
      j.put("delivered_bits", d.getDeliveredBits());
      double active = durationS - cfg.startS();
      j.put("delivered_rate_bps", active > 0 ? d.getDeliveredBits() / active : 0.0);
      j.put("blocked_no_route", d.getBlockedNoRoute());
      j.put("blocked_no_key", d.getBlockedNoKey());
      j.put("failed_in_relay", d.getFailedInRelay());
      j.put("latency_ms_mean", d.getDelivered() > 0
          ? d.getLatencySumNs() / 1e6 / d.getDelivered() : 0.0);
      ArrayNode hops = j.putArray("hops_histogram");
      d.getHopsHistogramList().forEach(hops::add);
      ArrayNode path = j.putArray("last_path");
      d.getLastPathList().forEach(v -> path.add(t.node(v).name()));
    }
    return arr;
  }

  private static ArrayNode alarms(QkdPlan plan, List<LpReport> reports) {
    List<QkdAlarm> all = new ArrayList<>();
    for (LpReport r : reports) {
      all.addAll(r.getQkdAlarmsList());
    }
    all.sort(Comparator.comparingLong(QkdAlarm::getAtNs).thenComparingInt(QkdAlarm::getNode)
        .thenComparingInt(QkdAlarm::getChannel));
    Topology t = plan.network().topology();
    ArrayNode arr = JSON.arrayNode();
    for (QkdAlarm a : all) {
      ObjectNode j = arr.addObject();
      j.put("at_s", a.getAtNs() / 1e9);
      j.put("kind", a.getKind());
      j.put("subject", a.getChannel() >= 0 ? plan.channel(a.getChannel()).name()
          : t.node(a.getNode()).name());
      j.put("node", t.node(a.getNode()).name());
      j.put("message", a.getMessage());
    }
    return arr;
  }
}
