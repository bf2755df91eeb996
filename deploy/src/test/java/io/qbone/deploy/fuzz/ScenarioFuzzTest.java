package io.qbone.deploy.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.fuzz.ScenarioOutcomes.Kind;
import io.qbone.deploy.fuzz.ScenarioOutcomes.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Mutates every shipped scenario (values, types, structure, text) with seeded generators and
 * loads each mutant; a sample of the accepted ones also runs for {@link
 * ScenarioOutcomes#RUN_BUDGET_S} of virtual time. 0 crashes: every mutant is refused with a
 * line, accepted, or stopped by the engine watchdog. A crashing mutant is written to
 * target/fuzz-findings/ for the regression corpus.
 */
class ScenarioFuzzTest {
  /** Mutants loaded per shipped scenario in CI (times -Dqbone.fuzz.scale). */
  private static final int MUTANTS_PER_SCENARIO = 100;
  /** Accepted mutants run per shipped scenario in CI (every other scenario; a run costs ~2 s). */
  private static final int RUNS_PER_SCENARIO = 1;

  static List<Path> shipped() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "scenarios"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void mutatedShippedScenariosAreRefusedWithALineAcceptedOrStoppedNeverCrash()
      throws IOException {
    List<String> crashes = new ArrayList<>();
    Map<Kind, Integer> tally = new EnumMap<>(Kind.class);
    long seed = FuzzBudget.seed();
    long loadNanos = 0; // reported only: the budget is counts, never time
    long runNanos = 0;
    List<Path> files = shipped();
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      String original = Files.readString(file, StandardCharsets.UTF_8);
      int runs = FuzzBudget.scale() > 1 || f % 2 == 0 ? FuzzBudget.count(RUNS_PER_SCENARIO) : 0;
      for (int i = 0; i < FuzzBudget.count(MUTANTS_PER_SCENARIO); i++) {
        long mutantSeed = seed ^ (file.getFileName().toString().hashCode() * 0x9E3779B97F4A7C15L)
            ^ i;
        StringBuilder what = new StringBuilder();
        String mutant = new ScenarioMutator(mutantSeed).mutate(original, what);
        String name = file.getFileName() + "#" + i;
        long t0 = System.nanoTime();
        Outcome o = ScenarioOutcomes.of(name, mutant, false);
        long t1 = System.nanoTime();
        loadNanos += t1 - t0;
        if (o.kind() == Kind.ACCEPTED && runs > 0 && !mutant.equals(original)) {
          runs--;
          o = ScenarioOutcomes.of(name, mutant, true);
          runNanos += System.nanoTime() - t1;
        }
        tally.merge(o.kind(), 1, Integer::sum);
        if (Boolean.getBoolean("qbone.fuzz.verbose")) {
          System.out.println("FUZZ " + o.kind() + " " + name + " [" + what + "] " + o.detail());
        }
        if (o.kind() == Kind.CRASH) {
          crashes.add(name + " (seed " + mutantSeed + "; " + what + "): " + o.detail());
          keep(name, mutant);
        }
      }
    }
    System.out.printf("scenario fuzzing: %s; loading %.1f s, running %.1f s%n", tally,
        loadNanos / 1e9, runNanos / 1e9);
    assertTrue(crashes.isEmpty(), crashes.size() + " crashes:\n" + String.join("\n", crashes));
  }

  private static void keep(String name, String text) throws IOException {
    Path dir = Path.of("target", "fuzz-findings");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name.replace('#', '-')), text, StandardCharsets.UTF_8);
  }
}
