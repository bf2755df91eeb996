package io.qbone.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.protocol.v1.LpReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The launcher and its members as {@code qbone run --processes} forms them, here as separate
 * ActorSystems of one JVM joined over Artery (deploy's MemberProcessesTest runs real processes).
 */
class ClusterLauncherTest {
  private static final int LPS = 60;
  private static final long LOOKAHEAD = 1_000;
  private static final EngineSettings SETTINGS = new EngineSettings(LOOKAHEAD, 400_000, 7, 0);
  private static final RunIdentity IDENTITY = new RunIdentity("abc", 7, LPS, 2);
  private static final ModelFactory TOKENS = lp -> new TokenModel(LPS, LOOKAHEAD);

  private static ClusterMember member(String seed, Duration joinTimeout) {
    return new ClusterMember("127.0.0.1", 0, List.of(seed), 1, joinTimeout,
        EngineDeterminismTest.SERIALIZE_ALL);
  }

  private static List<String> outcome(RunResult r) {
    return r.reports().stream().map(LpReport::toByteString).map(b -> b.toStringUtf8()).toList();
  }

  @Test
  void twoMembersGiveTheEmbeddedOutcomeAndLeaveWhenDismissed() throws Exception {
    RunResult embedded = new EmbeddedCluster(1, 2, EngineDeterminismTest.SERIALIZE_ALL)
        .run(SETTINGS, LPS, TOKENS, System::nanoTime);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (ClusterLauncher launcher = new ClusterLauncher(2, "127.0.0.1", 0, IDENTITY,
        EngineDeterminismTest.SERIALIZE_ALL)) {
      String seed = launcher.open();
      List<Future<Integer>> members = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        members.add(pool.submit(() -> member(seed, Duration.ofSeconds(30))
            .run(SETTINGS, IDENTITY, TOKENS, System::nanoTime, notice -> { })));
      }
      RunResult result = launcher.run(SETTINGS, System::nanoTime, new RunProgress(), null);
      int hosted = members.get(0).get() + members.get(1).get();
      assertEquals(LPS, hosted);
      assertEquals(outcome(embedded), outcome(result));
      assertEquals(embedded.windows(), result.windows());
      assertEquals(2, result.lpsPerMember().size());
      assertTrue(result.lpsPerMember().stream().allMatch(n -> n > 0),
          result.lpsPerMember().toString());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aMemberWithAnotherIdentityIsRefusedBeforeItJoins() throws Exception {
    try (ClusterLauncher launcher = new ClusterLauncher(1, "127.0.0.1", 0, IDENTITY,
        EngineDeterminismTest.SERIALIZE_ALL)) {
      String seed = launcher.open();
      for (RunIdentity other : List.of(new RunIdentity("abd", 7, LPS, 2),
          new RunIdentity("abc", 8, LPS, 2), new RunIdentity("abc", 7, LPS + 1, 2),
          new RunIdentity("abc", 7, LPS, 3))) {
        var refused = assertThrows(ClusterMember.MemberException.class,
            () -> member(seed, Duration.ofSeconds(30))
                .run(SETTINGS, other, TOKENS, System::nanoTime, notice -> { }));
        assertTrue(refused.getMessage().startsWith("the cluster at " + seed
            + " refused this member: its scenario (SHA-256 " + other.scenarioSha256() + "), seed "
            + other.seed() + ", LP count " + other.lpCount() + " or member count "
            + other.members()), refused.getMessage());
      }
    }
  }
}
