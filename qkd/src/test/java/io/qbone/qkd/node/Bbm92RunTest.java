package io.qbone.qkd.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.FaultSchedule;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.QkdChannelReport;
import io.qbone.protocol.v1.QkdDemandReport;
import io.qbone.qkd.link.Bbm92Config;
import io.qbone.qkd.qrng.QrngConfig;
import io.qbone.qkd.rate.BinaryEntropy;
import io.qbone.qkd.relay.KeyDemandConfig;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.traffic.FlowConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pairs a repeater chain delivers make BBM92 key, which trusted-node relay can then use. */
class Bbm92RunTest {
  @Test
  void repeaterChainPairsMakeKeyAtTheWernerQber() throws Exception {
    double f = 0.97;
    NetworkPlan net = QkdRunner.network(List.of("n0", "n1", "n2"),
        List.of(new LinkConfig("n0", "n1", 10, 0.2, 1.468, f, 0.5, 0),
            new LinkConfig("n1", "n2", 10, 0.2, 1.468, f, 0.5, 0)),
        List.of(new FlowConfig("f", "n0", "n2", 0)));
    long n = 400;
    QkdConfig cfg = new QkdConfig(List.of(), List.of(new Bbm92Config("f", n, 0.5)),
        List.of(new KeyDemandConfig("n0-n2", "n0", "n2", 64, 2000, 0.5)), 1_000_000,
        QkdConfig.DEFAULT_QBER_THRESHOLD, 1L << 20, RouteMetric.HOPS, QrngConfig.SEEDED);
    QkdRunner.Run run = QkdRunner.run(net, cfg, FaultSchedule.EMPTY, m -> {}, Telemetry.NONE,
        3, 21, 1);
    assertEquals(0, run.result().malformedMessages());
    KeyChannel ch = run.plan().channel(0);
    assertEquals("bbm92", ch.technology());
    QkdChannelReport r = run.channel(0);
    assertTrue(r.getBlocks() >= 10, "blocks " + r.getBlocks());
    // Closed form: Werner pairs of fidelity F have p = (4F - 1)/3; one swap without noise
    // multiplies p, so the delivered pair is Werner with p^2, and its Z-basis QBER is
    // Q = (1 - p^2)/2 (weights of Psi+ and Psi-: 2 (1 - F_e)/3 with F_e = (1 + 3p^2)/4).
    double p = (4 * f - 1) / 3;
    double q = (1 - p * p) / 2;
    double mean = r.getQberSum() / r.getBlocks();
    double sigma = Math.sqrt(q * (1 - q) / n / r.getBlocks());
    assertTrue(Math.abs(mean - q) < 3 * sigma, "QBER " + mean + " vs " + q + " +- 3x" + sigma);
    // Secret fraction 1 - h(Q_X) - h(Q_Z) = 1 - 2h(Q) for Werner pairs; per block Q_Z is the
    // measured one, so the total matches to within the spread of h over the blocks' QBERs
    // (0.03 covers 3 sigma of h'(Q) sigma_Q here).
    double fraction = (double) r.getSecretBits() / r.getSiftedBits();
    assertEquals(1 - 2 * BinaryEntropy.h(q), fraction, 0.03);
    KeyNetworkTest.assertPoolsIdentical(run);
    // The BBM92 pool between the chain's ends carries relayed keys (one hop over the channel).
    QkdDemandReport d = run.demand(0);
    assertTrue(d.getDelivered() > 10, "delivered " + d.getDelivered());
    assertEquals(List.of(0, 2), d.getLastPathList());
    byte[] atSource = run.node("n0").deliveredKeys().firstEntry().getValue();
    org.junit.jupiter.api.Assertions.assertArrayEquals(atSource,
        run.node("n2").deliveredKeys().firstEntry().getValue());
  }
}
