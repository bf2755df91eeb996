package io.qbone.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qbone.deploy.cli.QboneCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three member processes on three "hosts" (network namespaces joined by a bridge, {@link
 * NetworkNamespaces}) and the launcher on a fourth give the outcome of one embedded member:
 * {@code qbone run --remote-members 3} and {@code qbone member} as on separate machines.
 */
class NetnsMembersTest {
  private static final int LAUNCHER_HOST = 1;
  private static final int MEMBERS = 3;
  /** Each host is its own network stack, so a fixed port collides with nothing. */
  private static final String PORT = "25520";
  /** Hang guard for the processes; the test never measures time. */
  private static final long PROCESS_LIMIT_S = 120;
  private static NetworkNamespaces hosts;

  @TempDir Path dir;

  @BeforeAll
  static void createHosts() throws Exception {
    String why = NetworkNamespaces.unavailableBecause();
    Assumptions.assumeTrue(why == null, "skipped: no network namespaces here: " + why);
    hosts = new NetworkNamespaces(1 + MEMBERS);
  }

  @AfterAll
  static void removeHosts() throws Exception {
    if (hosts != null) {
      hosts.close();
    }
  }

  /** A process started inside a host, its output gathered meanwhile. */
  private record Running(String name, Process process, CompletableFuture<String> output) {
    static Running start(String name, List<String> command) throws IOException {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      return new Running(name, p, CompletableFuture.supplyAsync(() -> {
        try {
          return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          return "output lost: " + e;
        }
      }));
    }

    void assertSucceeds() throws Exception {
      assertTrue(process.waitFor(PROCESS_LIMIT_S, TimeUnit.SECONDS), name + " still running");
      assertEquals(0, process.exitValue(), name + ": " + output.get());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"repeater-chain", "routing-comparison", "kme-metro"})
  void threeMembersOnThreeHostsGiveTheOutcomeOfOneEmbeddedMember(String name) throws Exception {
    Path scenario = MemberProcessesTest.shortened(name, dir);
    Path embeddedOut = dir.resolve("embedded.json");
    assertEquals(0, QboneCli.execute("run", scenario.toString(), "--threads", "1",
        "--no-metrics", "--no-dashboard", "--quiet", "--out", embeddedOut.toString()));

    Path out = dir.resolve("hosts.json");
    String seed = NetworkNamespaces.address(LAUNCHER_HOST) + ":" + PORT;
    List<Running> running = new ArrayList<>();
    try {
      running.add(Running.start("launcher", hosts.inside(LAUNCHER_HOST,
          MemberProcesses.javaCommand(List.of("run", scenario.toString(),
              "--remote-members", Integer.toString(MEMBERS),
              "--cluster-host", NetworkNamespaces.address(LAUNCHER_HOST), "--cluster-port", PORT,
              "--threads", "1", "--no-metrics", "--no-dashboard", "--quiet",
              "--out", out.toString())))));
      for (int host = LAUNCHER_HOST + 1; host <= LAUNCHER_HOST + MEMBERS; host++) {
        running.add(Running.start("member on " + NetworkNamespaces.address(host),
            hosts.inside(host, MemberProcesses.javaCommand(List.of("member",
                "--scenario", scenario.toString(), "--seed-nodes", seed,
                "--members", Integer.toString(MEMBERS),
                "--host", NetworkNamespaces.address(host), "--port", PORT, "--threads", "1")))));
      }
      for (Running r : running) {
        r.assertSucceeds();
      }
    } finally {
      for (Running r : running) {
        r.process().destroyForcibly();
      }
    }

    ObjectMapper json = new ObjectMapper();
    JsonNode embedded = json.readTree(embeddedOut.toFile());
    JsonNode distributed = json.readTree(out.toFile());
    assertEquals(embedded.get("outcome").toString(), distributed.get("outcome").toString());
    JsonNode lps = distributed.get("performance").get("lps_per_member");
    assertEquals(MEMBERS, lps.size(), lps.toString());
    int hosted = 0;
    for (JsonNode n : lps) {
      assertTrue(n.asInt() > 0, "every host ran LPs: " + lps);
      hosted += n.asInt();
    }
    assertEquals(embedded.get("performance").get("lps_per_member").get(0).asInt(), hosted);
    assertTrue(distributed.get("outcome").get("events").asLong() > 1000);
    for (int i = 1; i < running.size(); i++) {
      assertTrue(running.get(i).output().get().contains("qbone member: joined the cluster as "
          + "pekko://qbone@" + NetworkNamespaces.address(LAUNCHER_HOST + i) + ":" + PORT),
          running.get(i).output().get());
    }
  }
}
