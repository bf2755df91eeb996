package io.qbone.deploy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.cli.QboneCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics options of {@code qbone run}: bad ports are refused with a clear message. */
class MetricsCliTest {
  @TempDir Path dir;

  private static String[] runCapturingErr(String... args) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = QboneCli.execute(args);
      return new String[] {Integer.toString(exit), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(oldErr);
    }
  }

  @Test
  void aChosenPortThatIsTakenStopsTheRunWithExitCodeTwo() throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(scenario, PrometheusScrapeTest.SCENARIO);
    Path results = dir.resolve("r.json");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      String[] r = runCapturingErr("run", scenario.toString(), "--out", results.toString(),
          "--metrics-port", Integer.toString(port), "--quiet");
      assertEquals("2", r[0], r[1]);
      assertTrue(r[1].contains("cannot listen for Prometheus on 127.0.0.1:" + port), r[1]);
      assertTrue(Files.notExists(results), "nothing ran");
    }
  }

  @Test
  void portOutOfRangeIsRefused() {
    String[] r = runCapturingErr("run", "x.yaml", "--metrics-port", "70000");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("--metrics-port must be a port 1..65535, got 70000"), r[1]);
  }
}
