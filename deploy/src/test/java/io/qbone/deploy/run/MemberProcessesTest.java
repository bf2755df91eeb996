package io.qbone.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.cli.CliOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.qbone.deploy.kme.Poll;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioFile;
import io.qbone.node.engine.ClusterLauncher;
import io.qbone.node.engine.RunIdentity;
import io.qbone.node.engine.RunProgress;
import io.qbone.node.engine.RunResult;
import io.qbone.node.placement.Partition;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.qkd.pool.KeyBlockSink;
import io.qbone.router.network.NetworkPlan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs on member processes: {@code qbone run --processes 2} gives the outcome of one embedded
 * member, and a member that cannot take part says why and exits non-zero.
 */
class MemberProcessesTest {
  /** Hang guard for a child process; the tests never measure time. */
  private static final long CHILD_LIMIT_S = 90;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static CliOutcome cli(String... args) {
    return CliOutcome.of(args);
  }

  /**
   * A scenario of scenarios/, shortened (every window is a round trip between processes): the
   * repeater chain to 0.4 virtual s, the QKD metro network to 5.
   */
  static Path shortened(String name, Path dir) throws IOException {
    Path source = Path.of("../scenarios/" + name + ".yaml");
    String text = Files.readString(source);
    String duration = switch (name) {
      case "repeater-chain" -> "duration_s: 1.0";
      case "kme-metro" -> "duration_s: 86400";
      default -> null;
    };
    if (duration == null) {
      return source;
    }
    assertTrue(text.contains(duration), name + " has " + duration);
    Path shortened = dir.resolve(name + ".yaml");
    Files.writeString(shortened, text.replace(duration,
        name.equals("kme-metro") ? "duration_s: 5" : "duration_s: 0.4"));
    return shortened;
  }

  private JsonNode run(Path scenario, String out, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("run", scenario.toString(), "--threads", "1",
        "--no-metrics", "--no-dashboard", "--quiet", "--out", dir.resolve(out).toString()));
    args.addAll(List.of(extra));
    CliOutcome o = cli(args.toArray(String[]::new));
    assertEquals(0, o.exit(), o.err());
    return JSON.readTree(dir.resolve(out).toFile());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"repeater-chain", "routing-comparison", "kme-metro"})
  void twoMemberProcessesGiveTheOutcomeOfOneEmbeddedMember(String name) throws Exception {
    Path scenario = shortened(name, dir);
    JsonNode embedded = run(scenario, "embedded.json");
    JsonNode processes = run(scenario, "processes.json", "--processes", "2");
    assertEquals(embedded.get("outcome").toString(), processes.get("outcome").toString());

    JsonNode performance = processes.get("performance");
    assertEquals(2, performance.get("members").asInt());
    JsonNode lps = performance.get("lps_per_member");
    assertEquals(2, lps.size(), lps.toString());
    assertTrue(lps.get(0).asInt() > 0 && lps.get(1).asInt() > 0, "both hosted LPs: " + lps);
    assertEquals(embedded.get("performance").get("lps_per_member").get(0).asInt(),
        lps.get(0).asInt() + lps.get(1).asInt(), "every LP hosted once");
    // The processes hold the parts of the topology's partition, as embedded members would.
    Scenario s = ScenarioFile.read(scenario).scenario();
    NetworkPlan plan = PlanBuilder.build(s);
    Partition parts = ScenarioRunner.placement(plan, ScenarioRunner.models(s, plan,
        RunOptions.defaults(), Telemetry.NONE, KeyBlockSink.NONE), 2);
    assertEquals(parts.lpsPerMember()[0], lps.get(0).asInt(), lps.toString());
    assertEquals(parts.lpsPerMember()[1], lps.get(1).asInt(), lps.toString());
    assertEquals(parts.cutLinks(), performance.get("cut_links").asLong());
    // The runs did real work, so the comparison covers traffic between the members.
    JsonNode outcome = processes.get("outcome");
    assertTrue(outcome.get("events").asLong() > 1000, outcome.get("events").toString());
    switch (name) {
      case "repeater-chain" ->
          assertTrue(outcome.get("flows").get(0).get("delivered_pairs").asLong() > 100);
      case "routing-comparison" ->
          assertTrue(outcome.get("routing").get("completed").asLong() > 10,
              outcome.get("routing").toString());
      default -> assertTrue(
          outcome.get("qkd").get("links").get(0).get("secret_bits").asLong() > 0);
    }
  }

  /** A {@code qbone ARGS} process (a member, or a launcher). */
  private static Process member(String... args) throws IOException {
    return new ProcessBuilder(MemberProcesses.javaCommand(List.of(args)))
        .redirectErrorStream(true).start();
  }

  /** A failed member's whole output is its one-line error. */
  private static void assertOneLine(CliOutcome o) {
    assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
  }

  /** Waits for a member process to exit and returns its exit code and output. */
  private static CliOutcome finish(Process p) throws Exception {
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(CHILD_LIMIT_S, TimeUnit.SECONDS), "member still running: " + output);
    return new CliOutcome(p.exitValue(), output);
  }

  @Test
  void aMemberWithDifferentScenarioBytesIsRefusedAndOneWithTheSameJoins() throws Exception {
    Path good = Path.of("../scenarios/repeater-chain.yaml");
    // Same scenario, one more comment: another SHA-256.
    Path other = dir.resolve("repeater-chain.yaml");
    Files.writeString(other, Files.readString(good) + "# a comment\n");
    ScenarioFile file = ScenarioFile.read(good);
    Scenario scenario = file.scenario();
    ScenarioRunner.Models models = ScenarioRunner.models(scenario, PlanBuilder.build(scenario),
        RunOptions.defaults(), Telemetry.NONE, KeyBlockSink.NONE);
    RunIdentity identity = new RunIdentity(file.sha256(), scenario.seed(), models.lpCount(), 1);
    try (ClusterLauncher launcher = new ClusterLauncher(1, "127.0.0.1", 0, identity,
        ConfigFactory.empty())) {
      String seed = launcher.open();
      CliOutcome refused = finish(member("member", "--scenario", other.toString(),
          "--seed-nodes", seed, "--threads", "1"));
      assertEquals(1, refused.exit(), refused.err());
      assertTrue(refused.err().contains("qbone member: the cluster at " + seed
          + " refused this member: its scenario (SHA-256 " + ScenarioFile.read(other).sha256()),
          refused.err());
      assertOneLine(refused);

      Process accepted = member("member", "--scenario", good.toString(), "--seed-nodes", seed,
          "--threads", "1");
      RunResult result = launcher.run(models.settings(), System::nanoTime, new RunProgress(),
          null);
      CliOutcome done = finish(accepted);
      assertEquals(0, done.exit(), done.err());
      assertTrue(done.err().contains("qbone member: hosted " + models.lpCount() + " LPs"),
          done.err());
      assertEquals(models.lpCount(), result.reports().size());
      assertTrue(result.events() > 1000);
    }
  }

  @Test
  void anUnreachableSeedNodeIsAClearErrorAfterTheJoinTimeout() throws Exception {
    int free;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = s.getLocalPort();
    }
    CliOutcome o = finish(member("member", "--scenario", "../scenarios/repeater-chain.yaml",
        "--seed-nodes", "127.0.0.1:" + free, "--join-timeout", "3"));
    assertEquals(1, o.exit(), o.err());
    assertTrue(o.err().contains("qbone member: no seed node answered at 127.0.0.1:" + free
        + " within 3 s; is the launcher running there and reachable?"), o.err());
    assertOneLine(o);
  }

  @Test
  void aPortInUseIsAClearErrorForAMemberAndForTheLauncher() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      CliOutcome member = finish(member("member", "--scenario", "../scenarios/repeater-chain.yaml",
          "--seed-nodes", "127.0.0.1:1", "--port", Integer.toString(port)));
      assertEquals(1, member.exit(), member.err());
      assertTrue(member.err().contains("qbone member: cannot listen on 127.0.0.1:" + port + ": "),
          member.err());
      assertOneLine(member);

      CliOutcome launcher = cli("run", "../scenarios/repeater-chain.yaml", "--processes", "2",
          "--cluster-port", Integer.toString(port), "--no-metrics", "--no-dashboard", "--quiet",
          "--out", dir.resolve("r.json").toString());
      assertEquals(1, launcher.exit(), launcher.err());
      assertTrue(launcher.err().contains("qbone: run failed: cannot listen on 127.0.0.1:" + port),
          launcher.err());
      assertFalse(Files.exists(dir.resolve("r.json")), "nothing written");
    }
  }

  /** A launcher process and its member children, once both children are started. */
  private static List<ProcessHandle> children(Process launcher) throws Exception {
    Poll.until("the launcher to start its members", Duration.ofSeconds(CHILD_LIMIT_S),
        () -> launcher.children().count() == 2 || !launcher.isAlive());
    return launcher.children().toList();
  }

  private static void assertGone(List<ProcessHandle> processes) throws Exception {
    for (ProcessHandle p : processes) {
      p.onExit().get(CHILD_LIMIT_S, TimeUnit.SECONDS);
      assertFalse(p.isAlive(), "still running: " + p.pid());
    }
  }

  @Test
  void aKilledMemberFailsTheRunNamingItAndTheLauncherLeavesNothingRunning() throws Exception {
    // A virtual day of QKD: far longer than the test, so the member dies mid-run.
    List<String> run = List.of("run", "../scenarios/kme-metro.yaml", "--processes", "2",
        "--threads", "1", "--no-metrics", "--no-dashboard", "--quiet",
        "--out", dir.resolve("r.json").toString());
    Process launcher = member(run.toArray(String[]::new));
    List<ProcessHandle> members = children(launcher);
    assertEquals(2, members.size());
    members.get(1).destroyForcibly();
    CliOutcome o = finish(launcher);
    assertEquals(1, o.exit(), o.err());
    assertTrue(o.err().contains("qbone: run failed: member process ") && o.err().contains(
        "(pid " + members.get(1).pid() + ") exited with code 137"), o.err());
    assertGone(members);
    assertFalse(Files.exists(dir.resolve("r.json")), "nothing written");

    // A launcher stopped from outside (SIGTERM) takes its members with it (shutdown hook).
    Process stopped = member(run.toArray(String[]::new));
    List<ProcessHandle> orphans = children(stopped);
    assertEquals(2, orphans.size());
    stopped.destroy();
    assertTrue(stopped.waitFor(CHILD_LIMIT_S, TimeUnit.SECONDS));
    assertGone(orphans);
  }

  @Test
  void badMemberAndProcessOptionsExitWithCodeTwoAndSayWhy() {
    String chain = "../scenarios/repeater-chain.yaml";
    CliOutcome seed = cli("member", "--scenario", chain, "--seed-nodes", "launcher");
    assertEquals(2, seed.exit());
    assertTrue(seed.err().contains(
        "qbone member: --seed-nodes: seed node must be host:port, got 'launcher'"), seed.err());
    CliOutcome port = cli("member", "--scenario", chain, "--seed-nodes", "127.0.0.1:70000");
    assertEquals(2, port.exit());
    assertTrue(port.err().contains("port of seed node '127.0.0.1:70000' must be in 1..65535"),
        port.err());
    CliOutcome missing = cli("member", "--scenario", "nope.yaml", "--seed-nodes", "127.0.0.1:1");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("qbone member: nope.yaml"), missing.err());
    CliOutcome both = cli("run", chain, "--processes", "2", "--remote-members", "2");
    assertEquals(2, both.exit());
    assertTrue(both.err().contains("choose --processes (started here) or --remote-members"),
        both.err());
    CliOutcome members = cli("run", chain, "--processes", "2", "--members", "2");
    assertEquals(2, members.exit());
    assertTrue(members.err().contains("--members is for a run in this JVM"), members.err());
    CliOutcome report = cli("run", chain, "--processes", "2", "--report", "r.html");
    assertEquals(2, report.exit());
    assertTrue(report.err().contains("--report plots the models' live telemetry"), report.err());
  }
}
