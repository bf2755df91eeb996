package io.qbone.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.cli.CliOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qbone.deploy.cli.QboneCli;
import io.qbone.deploy.kme.Poll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members and the launcher form their cluster through Pekko Cluster Bootstrap with config
 * discovery (no seed node): three {@code qbone member --bootstrap config} processes and {@code
 * qbone run --remote-members 3 --bootstrap config} on 127.0.0.1 give the embedded outcome.
 */
class BootstrapMembersTest {
  private static final int MEMBERS = 3;
  /** Hang guard for the processes; the test never measures time. */
  private static final long PROCESS_LIMIT_S = 120;

  @TempDir Path dir;

  private static CliOutcome cli(String... args) {
    return CliOutcome.of(args);
  }

  /** Ports free on 127.0.0.1 now (held together, so they differ). */
  static List<Integer> freePorts(int n) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        ports.add(s.getLocalPort());
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return ports;
  }

  @Test
  void threeMembersAndTheLauncherFormThroughConfigDiscoveryAndGiveTheEmbeddedOutcome()
      throws Exception {
    Path scenario = MemberProcessesTest.shortened("repeater-chain", dir);
    Path embeddedOut = dir.resolve("embedded.json");
    assertEquals(0, QboneCli.execute("run", scenario.toString(), "--threads", "1",
        "--no-metrics", "--no-dashboard", "--quiet", "--out", embeddedOut.toString()));

    // Every node, the launcher first, is a contact point; all four must be seen before the
    // lowest one forms the cluster, so none forms a cluster of its own.
    List<Integer> management = freePorts(1 + MEMBERS);
    List<String> contacts = new ArrayList<>();
    for (int port : management) {
      contacts.add("127.0.0.1:" + port);
    }
    String contactPoints = String.join(",", contacts);
    List<Process> members = new ArrayList<>();
    List<CompletableFuture<String>> outputs = new ArrayList<>();
    Path out = dir.resolve("bootstrap.json");
    try {
      for (int i = 1; i <= MEMBERS; i++) {
        Process p = new ProcessBuilder(MemberProcesses.javaCommand(List.of("member",
            "--scenario", scenario.toString(), "--bootstrap", "config",
            "--contact-points", contactPoints, "--host", "127.0.0.1", "--port", "0",
            "--management-port", Integer.toString(management.get(i)),
            "--required-contacts", Integer.toString(1 + MEMBERS), "--threads", "1",
            "--members", Integer.toString(MEMBERS))))
            .redirectErrorStream(true).start();
        members.add(p);
        outputs.add(CompletableFuture.supplyAsync(() -> {
          try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "output lost: " + e;
          }
        }));
      }
      // The launcher starts once the members serve (on a loaded machine their JVMs take long to
      // start; its wait for them is bounded).
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      for (int i = 1; i <= MEMBERS; i++) {
        URI alive = URI.create("http://127.0.0.1:" + management.get(i) + "/alive");
        Poll.until("member " + i + "'s management endpoint", Duration.ofSeconds(PROCESS_LIMIT_S),
            () -> {
              try {
                return http.send(HttpRequest.newBuilder(alive).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
              } catch (IOException e) {
                return false;
              }
            });
      }
      CliOutcome launcher = cli("run", scenario.toString(), "--remote-members",
          Integer.toString(MEMBERS), "--bootstrap", "config", "--contact-points", contactPoints,
          "--cluster-host", "127.0.0.1", "--cluster-port", "0",
          "--management-port", Integer.toString(management.get(0)),
          "--required-contacts", Integer.toString(1 + MEMBERS), "--threads", "1",
          "--no-metrics", "--no-dashboard", "--quiet", "--out", out.toString());
      assertEquals(0, launcher.exit(), launcher.err());
      for (int i = 0; i < MEMBERS; i++) {
        assertTrue(members.get(i).waitFor(PROCESS_LIMIT_S, TimeUnit.SECONDS), "member running");
        String output = outputs.get(i).get();
        assertEquals(0, members.get(i).exitValue(), output);
        assertTrue(output.contains("qbone member: joined the cluster as pekko://qbone@127.0.0.1:"),
            output);
      }
    } finally {
      for (Process p : members) {
        p.destroyForcibly();
      }
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode embedded = json.readTree(embeddedOut.toFile());
    JsonNode formed = json.readTree(out.toFile());
    assertEquals(embedded.get("outcome").toString(), formed.get("outcome").toString());
    assertTrue(formed.get("outcome").get("events").asLong() > 1000);
    JsonNode lps = formed.get("performance").get("lps_per_member");
    assertEquals(MEMBERS, lps.size(), lps.toString());
  }

  @Test
  void aMemberThatBootstrapCannotPlaceGivesUpAfterTheJoinTimeoutInOneLine() throws Exception {
    int management = freePorts(1).get(0);
    String self = "127.0.0.1:" + management;
    // Two contact points required, only itself listed: no cluster can ever form.
    Process p = new ProcessBuilder(MemberProcesses.javaCommand(List.of("member",
        "--scenario", "../scenarios/repeater-chain.yaml", "--bootstrap", "config",
        "--contact-points", self, "--required-contacts", "2",
        "--management-port", Integer.toString(management), "--join-timeout", "5")))
        .redirectErrorStream(true).start();
    CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "output lost: " + e;
      }
    });
    boolean exited = p.waitFor(PROCESS_LIMIT_S, TimeUnit.SECONDS);
    p.destroyForcibly();
    String output = read.get(30, TimeUnit.SECONDS);
    assertTrue(exited, "still running: " + output);
    assertEquals(1, p.exitValue(), output);
    assertTrue(output.contains("qbone member: not up in a cluster within 5 s of bootstrap with "
        + "config discovery (contact points " + self + "); are 2 contact points reachable and "
        + "running the same scenario?"), output);
    assertEquals(1, output.strip().lines().count(), "one line: " + output);
  }

  @Test
  void seedNodesAndBootstrapAreExclusiveAndBadBootstrapOptionsSayWhy() {
    String chain = "../scenarios/repeater-chain.yaml";
    CliOutcome both = cli("member", "--scenario", chain, "--seed-nodes", "127.0.0.1:1",
        "--bootstrap", "config", "--contact-points", "127.0.0.1:7626");
    assertEquals(2, both.exit());
    assertTrue(both.err().contains("qbone member: choose --seed-nodes or --bootstrap, not both"),
        both.err());
    CliOutcome neither = cli("member", "--scenario", chain);
    assertEquals(2, neither.exit());
    assertTrue(neither.err().contains("qbone member: say how to find the cluster: --seed-nodes "
        + "HOST:PORT,... or --bootstrap kubernetes-api|config"), neither.err());
    CliOutcome method = cli("member", "--scenario", chain, "--bootstrap", "dns");
    assertEquals(2, method.exit());
    assertTrue(method.err().contains("--bootstrap must be kubernetes-api or config, got 'dns'"),
        method.err());
    CliOutcome noContacts = cli("member", "--scenario", chain, "--bootstrap", "config");
    assertEquals(2, noContacts.exit());
    assertTrue(noContacts.err().contains(
        "--bootstrap config needs --contact-points HOST:MANAGEMENT-PORT,..."), noContacts.err());
    CliOutcome badContact = cli("member", "--scenario", chain, "--bootstrap", "config",
        "--contact-points", "127.0.0.1");
    assertEquals(2, badContact.exit());
    assertTrue(badContact.err().contains("contact point must be host:port, got '127.0.0.1'"),
        badContact.err());
    CliOutcome port = cli("member", "--scenario", chain, "--bootstrap", "kubernetes-api",
        "--management-port", "0");
    assertEquals(2, port.exit());
    assertTrue(port.err().contains("--management-port must be a port in 1..65535, got 0"),
        port.err());
    CliOutcome processes = cli("run", chain, "--processes", "2", "--bootstrap", "kubernetes-api");
    assertEquals(2, processes.exit());
    assertTrue(processes.err().contains("qbone: --bootstrap is for --remote-members N"),
        processes.err());
    for (CliOutcome o : List.of(both, neither, method, noContacts, badContact, port, processes)) {
      assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    }
  }
}
