package io.qbone.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qbone.deploy.cli.QboneCli;
import io.qbone.deploy.kme.Poll;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members on three "hosts" (network namespaces, {@link NetworkNamespaces}) find each other
 * through Pekko Cluster Bootstrap with Kubernetes API discovery, against a Kubernetes API
 * stand-in that lists their pods ({@link KubernetesApiStandIn}); a launcher on a fourth host
 * joins the formed cluster the same way, and the run gives the outcome of one embedded member.
 * Each member's readiness (/ready) answers 500 before it has joined and 200 after.
 */
class KubernetesBootstrapTest {
  private static final int LAUNCHER_HOST = 1;
  private static final int MEMBERS = 3;
  /** Each host is its own network stack: the fixed ports collide with nothing. */
  private static final int CLUSTER_PORT = 25520;
  private static final int MANAGEMENT_PORT = 7626;
  /** Hang guard for the processes and polls; the test never measures time. */
  private static final Duration LIMIT = Duration.ofSeconds(120);
  /** Its own subnet: other namespace tests may run at the same time. */
  private static final String SUBNET = "10.79.0.";
  private static NetworkNamespaces hosts;

  @TempDir Path dir;

  @BeforeAll
  static void createHosts() throws Exception {
    String why = NetworkNamespaces.unavailableBecause();
    Assumptions.assumeTrue(why == null, "skipped: no network namespaces here: " + why);
    hosts = new NetworkNamespaces(1 + MEMBERS, SUBNET, true);
  }

  @AfterAll
  static void removeHosts() throws Exception {
    if (hosts != null) {
      hosts.close();
    }
  }

  private record Running(String name, Process process, CompletableFuture<String> output) {
    static Running start(String name, List<String> command, Map<String, String> env)
        throws IOException {
      ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
      b.environment().putAll(env);
      Process p = b.start();
      return new Running(name, p, CompletableFuture.supplyAsync(() -> {
        try {
          return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          return "output lost: " + e;
        }
      }));
    }

    void assertSucceeds() throws Exception {
      assertTrue(process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), name + " still running");
      assertEquals(0, process.exitValue(), name + ": " + output.get());
    }
  }

  /** {@code qbone ARGS} inside {@code host}, pointed at the stand-in. */
  private static List<String> qbone(int host, KubernetesApiStandIn api, List<String> args) {
    List<String> java = new ArrayList<>(MemberProcesses.javaCommand(args));
    java.addAll(1, api.javaOptions());
    return hosts.inside(host, java);
  }

  /** The status of GET {@code path} on a member's management port, -1 when nothing answers. */
  private static int status(HttpClient http, int host, String path) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://" + hosts.addressOf(host) + ":"
              + MANAGEMENT_PORT + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Stops the processes and returns what they printed. */
  private static String outputs(List<Running> running) throws Exception {
    StringBuilder b = new StringBuilder();
    for (Running r : running) {
      r.process().destroy();
      b.append(r.name()).append(":\n").append(r.output().get(30, TimeUnit.SECONDS));
    }
    return b.toString();
  }

  @Test
  void threeMembersFoundThroughTheKubernetesApiGiveTheOutcomeOfOneEmbeddedMember()
      throws Exception {
    Path scenario = MemberProcessesTest.shortened("repeater-chain", dir);
    Path embeddedOut = dir.resolve("embedded.json");
    assertEquals(0, QboneCli.execute("run", scenario.toString(), "--threads", "1",
        "--no-metrics", "--no-dashboard", "--quiet", "--out", embeddedOut.toString()));

    Path out = dir.resolve("kubernetes.json");
    List<Running> running = new ArrayList<>();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (KubernetesApiStandIn api = new KubernetesApiStandIn(hosts.uplinkAddress(), dir)) {
      // Two of the three pods are listed: no cluster can form yet (3 contact points needed).
      for (int host = LAUNCHER_HOST + 1; host <= LAUNCHER_HOST + MEMBERS; host++) {
        if (host < LAUNCHER_HOST + MEMBERS) {
          api.addMemberPod("qbone-" + (host - LAUNCHER_HOST - 1), hosts.addressOf(host),
              MANAGEMENT_PORT);
        }
        running.add(Running.start("member on " + hosts.addressOf(host), qbone(host, api,
            List.of("member", "--scenario", scenario.toString(), "--bootstrap", "kubernetes-api",
                "--host", hosts.addressOf(host), "--port", Integer.toString(CLUSTER_PORT),
                "--management-port", Integer.toString(MANAGEMENT_PORT),
                "--required-contacts", Integer.toString(MEMBERS), "--threads", "1",
                "--members", Integer.toString(MEMBERS))),
            api.environment()));
      }
      for (int host = LAUNCHER_HOST + 1; host <= LAUNCHER_HOST + MEMBERS; host++) {
        int h = host;
        Poll.until("management of the member on " + hosts.addressOf(h), LIMIT,
            () -> status(http, h, "/alive") == 200);
        // Pekko Management answers a failing check with 500; Kubernetes takes any status >= 400
        // as not ready.
        assertEquals(500, status(http, h, "/ready"), "not ready before it joined");
      }

      api.addMemberPod("qbone-" + (MEMBERS - 1), hosts.addressOf(LAUNCHER_HOST + MEMBERS),
          MANAGEMENT_PORT);
      assertEquals(MEMBERS, api.memberPods().size());
      for (int host = LAUNCHER_HOST + 1; host <= LAUNCHER_HOST + MEMBERS; host++) {
        int h = host;
        try {
          Poll.until("the member on " + hosts.addressOf(h) + " to be ready", LIMIT,
              () -> status(http, h, "/ready") == 200);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; members said:\n" + outputs(running), e);
        }
        assertEquals(200, status(http, h, "/alive"));
      }

      // The launcher is no pod of the member set: it joins the cluster the members formed.
      running.add(Running.start("launcher", qbone(LAUNCHER_HOST, api, List.of("run",
          scenario.toString(), "--remote-members", Integer.toString(MEMBERS),
          "--bootstrap", "kubernetes-api",
          "--cluster-host", hosts.addressOf(LAUNCHER_HOST),
          "--cluster-port", Integer.toString(CLUSTER_PORT),
          "--management-port", Integer.toString(MANAGEMENT_PORT), "--threads", "1",
          "--no-metrics", "--no-dashboard", "--quiet", "--out", out.toString())),
          api.environment()));
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
    JsonNode formed = json.readTree(out.toFile());
    assertEquals(embedded.get("outcome").toString(), formed.get("outcome").toString());
    assertTrue(formed.get("outcome").get("events").asLong() > 1000);
    JsonNode lps = formed.get("performance").get("lps_per_member");
    assertEquals(MEMBERS, lps.size(), lps.toString());
    for (int i = 0; i < MEMBERS; i++) {
      String output = running.get(i).output().get();
      assertTrue(output.contains("qbone member: joined the cluster as pekko://qbone@"
          + hosts.addressOf(LAUNCHER_HOST + 1 + i) + ":" + CLUSTER_PORT), output);
    }
  }
}
