package io.qbone.deploy.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.TextFormat;
import io.qbone.deploy.fuzz.ScenarioOutcomes.Kind;
import io.qbone.deploy.fuzz.ScenarioOutcomes.Outcome;
import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.RunHooks;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.engine.Injector;
import io.qbone.node.engine.RunResult;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.router.network.NetworkPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the regression corpus (deploy/src/test/resources/fuzz-corpus): every input that once
 * hung, crashed or overflowed a run. A scenario file says in its header what must become of it
 * ({@code # expect: refused FIELD} with {@code # expect-text: ...}, or {@code # expect:
 * watchdog}); a message file ({@code .textproto}) names the scenario and LP it is delivered to,
 * and must be dropped and counted without failing the LP.
 */
class RegressionCorpusTest {
  static final Path CORPUS = Path.of("src", "test", "resources", "fuzz-corpus");

  @TestFactory
  Stream<DynamicTest> everyScenarioOfTheCorpusEndsAsItsHeaderSays() throws IOException {
    return files(CORPUS.resolve("scenarios"), ".yaml").stream().map(file -> DynamicTest
        .dynamicTest(file.getFileName().toString(), () -> replayScenario(file)));
  }

  private static void replayScenario(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String expect = header(text, "expect");
    String expectText = header(text, "expect-text");
    assertTrue(expect != null, file + " has no '# expect:' header");
    boolean refused = expect.startsWith("refused ");
    Outcome o = ScenarioOutcomes.of(file.toString(), text, !refused);
    if (refused) {
      assertEquals(Kind.REFUSED, o.kind(), o.detail());
      String field = expect.substring("refused ".length());
      assertTrue(o.detail().contains(":" + lineOf(o) + ": field '" + field + "': "),
          "expected a refusal at field " + field + ", got: " + o.detail());
    } else {
      assertEquals(Kind.valueOf(expect.toUpperCase()), o.kind(), o.detail());
    }
    if (expectText != null) {
      assertTrue(o.detail().contains(expectText), "expected '" + expectText + "' in: "
          + o.detail());
    }
  }

  /** The line a refusal names (FILE:LINE: ...), which must be there. */
  private static int lineOf(Outcome o) {
    String d = o.detail();
    int colon = d.indexOf(".yaml:") + ".yaml:".length();
    int end = d.indexOf(':', colon);
    int line = Integer.parseInt(d.substring(colon, end));
    assertTrue(line > 0, d);
    return line;
  }

  @TestFactory
  Stream<DynamicTest> everyMessageOfTheCorpusIsDroppedAndCounted() throws IOException {
    Map<String, List<Path>> byScenario = new TreeMap<>();
    for (Path f : files(CORPUS.resolve("messages"), ".textproto")) {
      String scenario = header(Files.readString(f), "scenario");
      byScenario.computeIfAbsent(scenario, k -> new java.util.ArrayList<>()).add(f);
    }
    return byScenario.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
        () -> replayMessages(e.getKey(), e.getValue())));
  }

  private static void replayMessages(String scenarioFile, List<Path> messages) throws Exception {
    Scenario s = ScenarioLoader.load(Path.of("..", "scenarios", scenarioFile));
    Scenario capped = new Scenario(s.file(), s.name(), s.seed(), Math.min(s.durationS(), 0.004),
        s.routing(), s.nodes(), s.links(), s.flows(), s.locations(), s.qkd(), s.faults(),
        s.requestRouting(), s.traffic());
    NetworkPlan plan = PlanBuilder.build(capped);
    Injector injector = new Injector(plan.topology().nodeCount());
    for (Path f : messages) {
      String text = Files.readString(f);
      LpMessage.Builder m = LpMessage.newBuilder();
      TextFormat.merge(text, m);
      injector.inject(Integer.parseInt(header(text, "target")), m);
    }
    RunResult r = ScenarioRunner.run(capped, plan, new RunOptions(1, 1, 0, false),
        RunHooks.none().withInjector(injector)).result();
    assertEquals(messages.size(), injector.applied().size());
    assertEquals(messages.size(), r.malformedMessages(), "each corpus message dropped and counted");
  }

  private static String header(String text, String key) {
    for (String line : text.split("\n")) {
      if (line.startsWith("# " + key + ": ")) {
        return line.substring(key.length() + 4).trim();
      }
    }
    return null;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
