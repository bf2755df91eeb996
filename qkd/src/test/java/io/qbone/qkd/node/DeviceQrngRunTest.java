package io.qbone.qkd.node;

import static io.qbone.qkd.node.QkdRunner.fibre;
import static io.qbone.qkd.node.QkdRunner.gys;
import static io.qbone.qkd.node.QkdRunner.qkdLink;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.FaultSchedule;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.qkd.pool.KeyPool;
import io.qbone.qkd.qrng.QrngConfig;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.routing.RouteMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a device QRNG, link key is the device's bytes, carried to the other end in KeyBlocks. */
class DeviceQrngRunTest {
  @Test
  void linkKeyComesFromTheDeviceAndIsIdenticalAtBothEnds(@TempDir Path dir) throws Exception {
    byte[] device = new byte[8 << 20];
    new SplittableRandom(99).nextBytes(device);
    Path file = dir.resolve("qrandom0");
    Files.write(file, device);
    NetworkPlan net = QkdRunner.network(List.of("A", "B"), List.of(fibre("A", "B", 25)), List.of());
    QkdConfig cfg = new QkdConfig(List.of(qkdLink("A", "B", gys(25))), List.of(), List.of(),
        100_000, QkdConfig.DEFAULT_QBER_THRESHOLD, 1L << 20, RouteMetric.LATENCY,
        new QrngConfig(QrngConfig.Kind.DEVICE, file));
    QkdRunner.Run run = QkdRunner.run(net, cfg, FaultSchedule.EMPTY, m -> {}, Telemetry.NONE,
        0.3, 1, 1);
    KeyPool fa = run.node("A").pool(0, true);
    KeyPool fb = run.node("B").pool(0, true);
    KeyPool ba = run.node("A").pool(0, false);
    assertTrue(run.channel(0).getBlocks() >= 3, "blocks " + run.channel(0).getBlocks());
    assertArrayEquals(fa.history(), fb.history());
    assertArrayEquals(ba.history(), run.node("B").pool(0, false).history());
    // Only A draws (it generates): block 1's forward half, block 1's backward half, block 2's
    // forward half, ... are consecutive device bytes. The first half's length h is where A's
    // forward stream leaves the device's.
    byte[] fwd = fa.history();
    byte[] back = ba.history();
    int h = 0;
    while (h < fwd.length && fwd[h] == device[h]) {
      h++;
    }
    assertTrue(h > 1000 && h < fwd.length, "first half " + h + " of " + fwd.length);
    assertArrayEquals(Arrays.copyOfRange(device, h, 2 * h), Arrays.copyOfRange(back, 0, h));
    assertArrayEquals(Arrays.copyOfRange(device, 2 * h, 2 * h + 64),
        Arrays.copyOfRange(fwd, h, h + 64));
  }
}
