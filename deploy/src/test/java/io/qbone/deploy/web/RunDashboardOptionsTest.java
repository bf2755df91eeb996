package io.qbone.deploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.cli.CliOutcome;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qbone run}'s dashboard options. */
class RunDashboardOptionsTest {
  @TempDir Path dir;

  private static CliOutcome cli(String... args) {
    return CliOutcome.of(args);
  }

  @Test
  void aPortOutOfRangeIsRefusedWithCodeTwo() {
    CliOutcome o = cli("run", "../scenarios/repeater-chain.yaml", "--dashboard-port", "70000");
    assertEquals(2, o.exit());
    assertEquals("qbone: --dashboard-port must be a port in 0..65535, got 70000", o.err().strip());
  }

  @Test
  void theDashboardIsAnnouncedAndATakenPortDoesNotStopTheRun() throws Exception {
    Path results = dir.resolve("r.json");
    CliOutcome free = cli("run", "../scenarios/repeater-chain.yaml", "--dashboard-port", "0",
        "--out", results.toString());
    assertEquals(0, free.exit(), free.err());
    assertTrue(java.util.regex.Pattern.compile("(?m)^dashboard: http://127\\.0\\.0\\.1:\\d+/$")
        .matcher(free.err()).find(), free.err());
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Files.delete(results);
      CliOutcome o = cli("run", "../scenarios/repeater-chain.yaml", "--dashboard-port",
          Integer.toString(taken.getLocalPort()), "--out", results.toString());
      assertEquals(0, o.exit(), o.err());
      assertTrue(o.err().contains("qbone: no dashboard on 127.0.0.1:" + taken.getLocalPort()
          + " ("), o.err());
      assertTrue(o.err().contains("use --dashboard-port PORT or --no-dashboard"), o.err());
      assertTrue(Files.size(results) > 0);
    }
  }
}
