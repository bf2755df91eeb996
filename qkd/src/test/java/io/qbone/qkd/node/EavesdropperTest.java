package io.qbone.qkd.node;

import static io.qbone.qkd.node.QkdRunner.fibre;
import static io.qbone.qkd.node.QkdRunner.qkdLink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.FaultSchedule;
import io.qbone.node.network.ScheduledFault;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.Eavesdrop;
import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.QkdAlarm;
import io.qbone.protocol.v1.QkdChannelReport;
import io.qbone.protocol.v1.QkdDemandReport;
import io.qbone.qkd.link.DecoyBb84Link;
import io.qbone.qkd.qrng.QrngConfig;
import io.qbone.qkd.rate.DecoyBb84Params;
import io.qbone.qkd.rate.DecoyMethod;
import io.qbone.qkd.relay.KeyDemandConfig;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.routing.RouteMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Intercept-resend raises the QBER by f/4, aborts blocks above threshold, and relay avoids it. */
class EavesdropperTest {
  /**
   * A link without misalignment and with almost no dark counts, so the QBER without Eve is ~0 and
   * intercept-resend's rise f (1/4 - e_d/2) is exactly f/4.
   */
  static DecoyBb84Link clean(double km) {
    return new DecoyBb84Link(new DecoyBb84Params(0.5, 0.1, 1e-9, 0.1, 0, 1.16, 0.2, km, 0.5),
        DecoyMethod.VACUUM_PLUS_WEAK, 1e9);
  }

  static List<ScheduledFault> eavesdrop(NetworkPlan net, String a, String b, double atS,
      double fraction) {
    int link = -1;
    var t = net.topology();
    for (int l = 0; l < t.links().size(); l++) {
      if (t.node(t.link(l).a()).name().equals(a) && t.node(t.link(l).b()).name().equals(b)) {
        link = l;
      }
    }
    Fault f = Fault.newBuilder().setEavesdrop(Eavesdrop.newBuilder().setLink(link)
        .setFraction(fraction)).build();
    long at = Math.round(atS * 1e9);
    return List.of(new ScheduledFault(t.link(link).a(), at, f),
        new ScheduledFault(t.link(link).b(), at, f));
  }

  @Test
  void interceptResendRaisesQberByAQuarterOfTheFraction() throws Exception {
    NetworkPlan net = QkdRunner.network(List.of("A", "B"), List.of(fibre("A", "B", 20)), List.of());
    double f = 0.2;
    long n = 100_000;
    QkdConfig cfg = new QkdConfig(List.of(qkdLink("A", "B", clean(20))), List.of(), List.of(), n,
        QkdConfig.DEFAULT_QBER_THRESHOLD, 1L << 20, RouteMetric.LATENCY, QrngConfig.SEEDED);
    QkdRunner.Run run = QkdRunner.run(net, cfg,
        new FaultSchedule(eavesdrop(net, "A", "B", 0, f)), m -> {}, Telemetry.NONE, 0.5, 3, 1);
    QkdChannelReport r = run.channel(0);
    double e0 = clean(20).physics(0).qber();
    assertTrue(e0 < 1e-6, "QBER without Eve " + e0);
    double mean = r.getQberSum() / r.getBlocks();
    double expected = e0 + f / 4;
    // Standard error of the mean of the blocks' QBERs: each is errors / n, Binomial(n, E).
    double sigma = Math.sqrt(expected * (1 - expected) / n / r.getBlocks());
    assertTrue(r.getBlocks() > 30, "blocks " + r.getBlocks());
    assertTrue(Math.abs(mean - expected) < 3 * sigma,
        "mean QBER " + mean + " vs " + expected + " +- 3 x " + sigma);
    // f/4 = 0.05 stays below the 0.11 threshold: no block aborted, no alarm, but less key.
    assertEquals(0, r.getBlocksAborted());
    assertTrue(run.result().reports().stream().allMatch(x -> x.getQkdAlarmsCount() == 0));
  }

  /** The square of KeyNetworkTest with clean links: A-B-C preferred, A-D-C the detour. */
  static QkdRunner.Run square(List<ScheduledFault> faults, Telemetry telemetry) throws Exception {
    NetworkPlan net = KeyNetworkTest.square();
    QkdConfig cfg = new QkdConfig(
        List.of(qkdLink("A", "B", clean(10)), qkdLink("B", "C", clean(10)),
            qkdLink("A", "D", clean(15)), qkdLink("D", "C", clean(15))),
        List.of(), List.of(new KeyDemandConfig("A-C", "A", "C", 256, 2e5, 0)),
        100_000, QkdConfig.DEFAULT_QBER_THRESHOLD, 1L << 22, RouteMetric.LATENCY,
        QrngConfig.SEEDED);
    return QkdRunner.run(net, cfg, new FaultSchedule(faults), m -> {}, telemetry, 0.6, 5, 1);
  }

  @Test
  void blocksAboveThresholdAbortRaiseAnAlarmAndRelayGoesAround() throws Exception {
    QkdRunner.Run calm = square(List.of(), Telemetry.NONE);
    assertEquals(0, calm.relayBits(2), "without Eve nothing crosses A-D");
    assertTrue(calm.relayBits(0) > 0);

    ConcurrentLinkedQueue<String> alarms = new ConcurrentLinkedQueue<>();
    Telemetry seen = new Telemetry() {
      @Override
      public void alarm(long atNs, String kind, String subject, String message) {
        alarms.add(kind + " " + subject);
      }
    };
    // Eve on 60 % of A-B from 0.2 s: QBER 0.15 > 0.11.
    NetworkPlan net = KeyNetworkTest.square();
    List<ScheduledFault> eve = new ArrayList<>(eavesdrop(net, "A", "B", 0.2, 0.6));
    QkdRunner.Run run = square(eve, seen);
    QkdChannelReport ab = run.channel(0);
    assertTrue(ab.getBlocksAborted() > 0);
    List<QkdAlarm> raised = new ArrayList<>();
    for (LpReport r : run.result().reports()) {
      raised.addAll(r.getQkdAlarmsList());
    }
    assertEquals(1, raised.size(), raised.toString());
    assertEquals("eavesdropper", raised.get(0).getKind());
    assertEquals(0, raised.get(0).getChannel());
    assertTrue(raised.get(0).getAtNs() >= 200_000_000L);
    assertEquals(0, run.result().malformedMessages());

    QkdDemandReport d = run.demand(0);
    assertEquals(List.of(0, 3, 2), d.getLastPathList(), "the last key went A-D-C");
    assertTrue(run.relayBits(2) > 0, "keys relayed over A-D after the alarm");
    // Keys keep flowing: the demand (2e5 bit/s for 0.6 s) is far below either route's rate, so
    // apart from keys lost in flight when the route changed, almost every request is delivered.
    assertTrue(d.getDelivered() > 0.9 * d.getRequested(),
        d.getDelivered() + " of " + d.getRequested());
    QkdChannelReport calmAb = calm.channel(0);
    assertTrue(ab.getPooledBits() < calmAb.getPooledBits());
    assertEquals(List.of("eavesdropper A-B"), List.copyOf(alarms));
  }
}
