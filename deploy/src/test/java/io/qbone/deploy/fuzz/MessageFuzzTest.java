package io.qbone.deploy.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Descriptors.FieldDescriptor;
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
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fuzzed LP messages of every body type (field values and corrupted bytes, {@link
 * MessageFuzzer}) delivered to the real LPs of running scenarios, spread over the run in batches
 * through the engine's injector: flows only, request routing under three protocols, QKD with key
 * relay, and all of them together. Every one is handled or dropped and counted; none may fail an
 * LP (a model exception stops the run) or trip the watchdog, and the engine's accounting holds.
 */
class MessageFuzzTest {
  /** Messages per scenario in CI (times -Dqbone.fuzz.scale), in batches of {@link #BATCH}. */
  private static final int MESSAGES = 240;
  private static final int BATCH = 40;
  /** Virtual time each fuzzed run lasts. */
  private static final double RUN_S = 0.004;

  @ParameterizedTest
  @ValueSource(strings = {"repeater-chain.yaml", "routing-comparison.yaml",
      "routing-comparison.yaml:link-state", "routing-comparison.yaml:controller",
      "kme-metro.yaml", "mixed-metro-repeater.yaml"})
  void fuzzedMessagesOfEveryTypeNeverFailAnLp(String which) throws Exception {
    String[] parts = which.split(":");
    String text = Files.readString(Path.of("..", "scenarios", parts[0]));
    if (parts.length > 1) {
      text = text.replace("protocol: fidelity-aware", "protocol: " + parts[1])
          .replace("  k: 4\n", "").replace("  max_purification_rounds: 2\n", "");
    }
    Scenario s = ScenarioLoader.load(which, new StringReader(text));
    Scenario capped = new Scenario(s.file(), s.name(), s.seed(), Math.min(s.durationS(), RUN_S),
        s.routing(), s.nodes(), s.links(), s.flows(), s.locations(), s.qkd(), s.faults(),
        s.requestRouting(), s.traffic());
    NetworkPlan plan = PlanBuilder.build(capped);
    int lps = plan.topology().nodeCount() + (which.endsWith("controller") ? 1 : 0);
    Injector injector = new Injector(lps);
    long seed = FuzzBudget.seed() ^ which.hashCode();
    MessageFuzzer fuzzer = new MessageFuzzer(seed);
    SplittableRandom targets = new SplittableRandom(seed + 1);
    List<List<LpMessage.Builder>> batches = new ArrayList<>();
    int total = FuzzBudget.count(MESSAGES);
    for (int i = 0; i < total; i += BATCH) {
      List<LpMessage.Builder> batch = new ArrayList<>();
      for (int k = i; k < Math.min(total, i + BATCH); k++) {
        FieldDescriptor body = MessageFuzzer.BODIES.get(k % MessageFuzzer.BODIES.size());
        LpMessage.Builder m = fuzzer.next(body);
        if (m != null) {
          batch.add(m.setTarget(targets.nextInt(lps)));
        }
      }
      batches.add(batch);
    }
    // Each batch is injected when the one before it has been applied: spread over the windows.
    chain(injector, batches, 0);
    RunResult r;
    try {
      r = ScenarioRunner.run(capped, plan, new RunOptions(1, 1, 0, false),
          RunHooks.none().withInjector(injector)).result();
    } catch (ExecutionException e) {
      fail("fuzzed messages (seed " + seed + ") stopped the run: " + e.getCause());
      return;
    }
    int applied = injector.applied().size();
    System.out.println("message fuzzing " + which + ": " + applied + " delivered, "
        + r.malformedMessages() + " dropped as malformed, " + fuzzer.undecodable
        + " undecodable");
    assertTrue(applied >= BATCH / 2, "delivered " + applied);
    assertTrue(r.malformedMessages() > 0 && r.malformedMessages() <= applied,
        r.malformedMessages() + " malformed of " + applied);
    assertEquals(0, r.causalityViolations());
  }

  private static void chain(Injector injector, List<List<LpMessage.Builder>> batches, int i) {
    if (i >= batches.size()) {
      return;
    }
    CompletableFuture<Long> last = CompletableFuture.completedFuture(0L);
    for (LpMessage.Builder m : batches.get(i)) {
      last = injector.inject(m.getTarget(), m);
    }
    last.thenRun(() -> chain(injector, batches, i + 1));
  }
}
