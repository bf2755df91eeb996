package io.qbone.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.kme.DevPki;
import io.qbone.deploy.kme.KmeApi;
import io.qbone.deploy.kme.KmeHttpServer;
import io.qbone.deploy.kme.KmeJournal;
import io.qbone.deploy.kme.KmeService;
import io.qbone.deploy.kme.KmeTls;
import io.qbone.deploy.kme.Poll;
import io.qbone.deploy.metrics.MetricsEndpoint;
import io.qbone.deploy.run.MemberProcesses;
import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.deploy.web.DashboardServer;
import io.qbone.deploy.web.LiveRun;
import io.qbone.qkd.kme.KmeDirectory;
import io.qbone.qkd.kme.KmeLimits;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every server listens on the address it is given and on no other: the dashboard and API, the
 * KME, the Prometheus endpoint and a member's Pekko Management endpoint on 127.0.0.2 answer
 * there and refuse connections on 127.0.0.1; an address that is not this machine's is one clear
 * line before anything starts.
 */
class BindAddressTest {
  private static final String OTHER_LOOPBACK = "127.0.0.2";
  /** Documentation range (RFC 5737): never an address of this machine. */
  private static final String FOREIGN = "192.0.2.1";

  @TempDir Path dir;

  private static boolean accepts(String host, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 5000);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }

  private static void assertListensOnlyOn(String host, int port) throws IOException {
    assertTrue(accepts(host, port), "listens on " + host + ":" + port);
    assertFalse(accepts("127.0.0.1", port), "not on 127.0.0.1:" + port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void theDashboardListensOnTheGivenAddressOnly() throws Exception {
    Scenario scenario = ScenarioLoader.load(Path.of("../scenarios/repeater-chain.yaml"));
    LiveRun live = new LiveRun(scenario, PlanBuilder.build(scenario),
        new RunOptions(1, 1, 0, false), false);
    try (DashboardServer server = DashboardServer.start(live, OTHER_LOOPBACK, 0)) {
      assertEquals("http://" + OTHER_LOOPBACK + ":" + server.port() + "/", server.url());
      assertListensOnlyOn(OTHER_LOOPBACK, server.port());
      HttpResponse<String> page = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.url())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
    }
  }

  @Test
  void thePrometheusEndpointListensOnTheGivenAddressOnly() throws Exception {
    int port = freePort();
    try (MetricsEndpoint metrics = MetricsEndpoint.start(OTHER_LOOPBACK, port, false)) {
      assertListensOnlyOn(OTHER_LOOPBACK, port);
    }
  }

  @Test
  void theKmeListensOnTheGivenAddressOnlyAndOnlyOverTls() throws Exception {
    DevPki pki = new DevPki();
    KmeDirectory directory = new KmeDirectory(List.of("A", "B"), Map.of("alice", 0, "bob", 1),
        List.of(List.of("alice", "bob")));
    KmeLimits limits = new KmeLimits(256, 64, 1024, 16, 1024 * 1024);
    KmeService kme = KmeService.start(directory, limits, 1, KmeJournal.h2(dir.resolve("kme")));
    try (KmeHttpServer server = KmeHttpServer.start(kme, new KmeApi(kme, limits.keySizeBits()),
        KmeTls.context(pki.serverIdentity(), DevPki.PASSWORD, pki.trustStore()),
        OTHER_LOOPBACK, 0)) {
      assertListensOnlyOn(OTHER_LOOPBACK, server.port());
      // Plain HTTP gets no answer: the KME has no mode without TLS.
      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create(
          "http://" + OTHER_LOOPBACK + ":" + server.port() + "/api/v1/keys/bob/status"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()));
    } finally {
      kme.close();
    }
  }

  @Test
  void aMembersManagementEndpointListensOnItsHostOnlyAndIsAliveButNotReadyAlone()
      throws Exception {
    int management = freePort();
    Process member = new ProcessBuilder(MemberProcesses.javaCommand(List.of("member",
        "--scenario", "../scenarios/repeater-chain.yaml", "--bootstrap", "config",
        "--contact-points", OTHER_LOOPBACK + ":" + management, "--required-contacts", "2",
        "--host", OTHER_LOOPBACK, "--management-port", Integer.toString(management),
        "--threads", "1"))).redirectErrorStream(true).start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      URI alive = URI.create("http://" + OTHER_LOOPBACK + ":" + management + "/alive");
      Poll.until("the member's management endpoint", Duration.ofSeconds(90), () -> {
        try {
          return http.send(HttpRequest.newBuilder(alive).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
          return false;
        }
      });
      assertListensOnlyOn(OTHER_LOOPBACK, management);
      // One contact point of the two required: it never joins, so it is never ready.
      assertEquals(500, http.send(HttpRequest.newBuilder(URI.create(
          "http://" + OTHER_LOOPBACK + ":" + management + "/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());
    } finally {
      member.destroyForcibly();
      member.waitFor();
    }
  }

  private static CliOutcome cli(String... args) {
    return CliOutcome.of(args);
  }

  private static void assertOneLineError(CliOutcome o, String expected) {
    assertEquals(QboneCli.EXIT_BAD_INPUT, o.exit(), o.err());
    assertTrue(o.err().contains(expected), o.err());
    assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
  }

  @Test
  void anAddressThatIsNotThisMachinesIsOneClearLine() {
    String chain = "../scenarios/repeater-chain.yaml";
    String out = dir.resolve("r.json").toString();
    assertOneLineError(cli("run", chain, "--dashboard-host", FOREIGN, "--no-metrics",
        "--out", out), "qbone: --dashboard-host: cannot listen on " + FOREIGN + " (");
    assertOneLineError(cli("run", chain, "--metrics-host", "no-such-host.invalid",
        "--no-dashboard", "--out", out),
        "qbone: --metrics-host: unknown host 'no-such-host.invalid'");
    assertOneLineError(cli("run", chain, "--remote-members", "1", "--cluster-host", FOREIGN,
        "--no-metrics", "--no-dashboard", "--out", out),
        "qbone: --cluster-host: cannot listen on " + FOREIGN + " (");
    assertOneLineError(cli("member", "--scenario", chain, "--bootstrap", "kubernetes-api",
        "--host", FOREIGN), "qbone member: --host: cannot listen on " + FOREIGN + " (");
    assertOneLineError(cli("serve", "../scenarios/kme-metro.yaml", "--host", FOREIGN,
        "--keystore", "k.p12", "--truststore", "t.p12"),
        "qbone: --host: cannot listen on " + FOREIGN + " (");
  }
}
