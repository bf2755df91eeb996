package io.qbone.qkd.node;

import static io.qbone.qkd.node.QkdRunner.fibre;
import static io.qbone.qkd.node.QkdRunner.gys;
import static io.qbone.qkd.node.QkdRunner.qkdLink;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.FaultSchedule;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.QkdChannelReport;
import io.qbone.protocol.v1.QkdDemandReport;
import io.qbone.qkd.pool.KeyMaterial;
import io.qbone.qkd.pool.KeyPool;
import io.qbone.qkd.qrng.QrngConfig;
import io.qbone.qkd.relay.KeyDemandConfig;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.routing.RouteMetric;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Key channels fill both ends' pools identically; relayed keys arrive identical at both ends. */
class KeyNetworkTest {
  /** A - B - C over 10 km links, and A - D - C over 15 km links: two routes from A to C. */
  static NetworkPlan square() {
    return QkdRunner.network(List.of("A", "B", "C", "D"),
        List.of(fibre("A", "B", 10), fibre("B", "C", 10), fibre("A", "D", 15), fibre("D", "C", 15)),
        List.of());
  }

  static QkdConfig squareQkd(double demandBps, long blockBits) {
    return squareQkd(demandBps, blockBits, 0);
  }

  static QkdConfig squareQkd(double demandBps, long blockBits, long tickNs) {
    return new QkdConfig(
        List.of(qkdLink("A", "B", gys(10)), qkdLink("B", "C", gys(10)),
            qkdLink("A", "D", gys(15)), qkdLink("D", "C", gys(15))),
        List.of(), List.of(new KeyDemandConfig("A-C", "A", "C", 256, demandBps, 0)),
        blockBits, QkdConfig.DEFAULT_QBER_THRESHOLD, 1L << 22, RouteMetric.LATENCY,
        QrngConfig.SEEDED, tickNs);
  }

  @Test
  void poolsAndRelayedKeysAreIdenticalAtBothEnds() throws Exception {
    ConcurrentLinkedQueue<KeyMaterial> sunk = new ConcurrentLinkedQueue<>();
    // 2 Mbit/s of demand is more than one direction of a 10 km GYS link gives (about 1.3
    // Mbit/s, see the assertion below), so pools drain to empty and requests are refused.
    QkdRunner.Run run = QkdRunner.run(square(), squareQkd(2e6, 100_000), FaultSchedule.EMPTY,
        sunk::add, Telemetry.NONE, 0.5, 7, 1);
    assertEquals(0, run.result().malformedMessages());
    assertEquals(0, run.result().causalityViolations());

    assertPoolsIdentical(run);
    for (int c = 0; c < 4; c++) {
      KeyChannel ch = run.plan().channel(c);
      QkdChannelReport r = run.channel(c);
      assertEquals(0, r.getBlocksAborted(), ch.name());
      assertTrue(r.getBlocks() > 10, ch.name() + " blocks " + r.getBlocks());
    }

    QkdDemandReport d = run.demand(0);
    TreeMap<Long, byte[]> atSource = run.node("A").deliveredKeys();
    TreeMap<Long, byte[]> atDestination = run.node("C").deliveredKeys();
    assertEquals(d.getDelivered(), atSource.size());
    assertTrue(d.getDelivered() > 100, "delivered " + d.getDelivered());
    for (Map.Entry<Long, byte[]> k : atSource.entrySet()) {
      assertArrayEquals(k.getValue(), atDestination.get(k.getKey()), "key " + k.getKey());
    }
    // Only keys whose acknowledgement was still travelling at the end are at C alone.
    assertTrue(atDestination.size() - atSource.size() <= 5);
    assertEquals(atSource.size(), sunk.size());
    for (KeyMaterial m : sunk) {
      assertEquals(0, m.nodeA()); // A
      assertEquals(2, m.nodeB()); // C
      assertArrayEquals(atSource.get(m.blockId()), m.bits());
    }
    // Demand beyond the link rate: requests refused for lack of key, and every delivered bit was
    // first pooled on A-B's forward direction (the route A-B-C has the lower latency).
    assertTrue(d.getBlockedNoKey() > 0);
    assertTrue(d.getDeliveredBits() <= run.channel(0).getPooledBits() / 2);
    assertTrue(d.getDeliveredBits() > 0.5 * run.channel(0).getPooledBits() / 2,
        "delivered " + d.getDeliveredBits() + " of " + run.channel(0).getPooledBits() / 2);
    assertEquals(List.of(0, 1, 2), d.getLastPathList());
    assertEquals(0, run.relayBits(2));
  }

  /** Every channel's two direction pools hold the same stream at both ends. */
  static void assertPoolsIdentical(QkdRunner.Run run) {
    for (int c = 0; c < run.plan().channels().size(); c++) {
      KeyChannel ch = run.plan().channel(c);
      QkdNodeProcess a = run.models().get(ch.a()).qkd();
      QkdNodeProcess b = run.models().get(ch.b()).qkd();
      for (boolean fwd : new boolean[] {true, false}) {
        KeyPool pa = a.pool(c, fwd);
        KeyPool pb = b.pool(c, fwd);
        assertTrue(pa.addedBytes() > 0, ch.name() + " made no key");
        assertArrayEquals(pa.history(), pb.history(), ch.name() + " pools differ");
        // The spender is ahead of the receiver by at most what is in flight; what both still
        // hold is the same stream.
        long common = Math.max(pa.headOffset(), pb.headOffset());
        assertArrayEquals(pa.contentsFrom(common), pb.contentsFrom(common));
      }
    }
  }

  @Test
  void sameSeedSameReportsOnOneAndThreeMembers() throws Exception {
    // With a 20 ms key-management tick: blocks complete and land only on the tick grid.
    var one = QkdRunner.run(square(), squareQkd(5e5, 100_000, 20_000_000), FaultSchedule.EMPTY,
        m -> {}, Telemetry.NONE, 0.2, 11, 1);
    var three = QkdRunner.run(square(), squareQkd(5e5, 100_000, 20_000_000), FaultSchedule.EMPTY,
        m -> {}, Telemetry.NONE, 0.2, 11, 3);
    assertPoolsIdentical(three);
    assertEquals(one.result().reports(), three.result().reports());
    assertNotNull(three.node("C").deliveredKeys().firstEntry());
    assertArrayEquals(one.node("C").deliveredKeys().firstEntry().getValue(),
        three.node("C").deliveredKeys().firstEntry().getValue());
  }
}
