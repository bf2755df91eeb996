package io.qbone.node.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/**
 * What every node of a run must agree on before it may join the cluster: the SHA-256 of the
 * scenario bytes it built its plan from, the run seed, the number of LPs and the number of
 * members (every node computes the LPs' placement from the scenario and the member count). A
 * node whose identity differs is refused at the join ({@link RunIdentityCheck}), so no run ever
 * mixes plans or placements.
 *
 * @param scenarioSha256 hex SHA-256 of the scenario file's bytes ("embedded" in one JVM)
 * @param seed run seed
 * @param lpCount LPs of the run
 * @param members members hosting LPs
 */
public record RunIdentity(String scenarioSha256, long seed, int lpCount, int members) {
  static final String SCENARIO_KEY = "qbone.run.scenario-sha256";
  static final String SEED_KEY = "qbone.run.seed";
  static final String LP_COUNT_KEY = "qbone.run.lp-count";
  static final String MEMBERS_KEY = "qbone.run.members";

  public RunIdentity {
    if (members < 1) {
      throw new IllegalArgumentException("members must be >= 1, got " + members);
    }
  }

  Config config() {
    return ConfigFactory.parseMap(Map.of(
        SCENARIO_KEY, scenarioSha256, SEED_KEY, Long.toString(seed),
        LP_COUNT_KEY, Integer.toString(lpCount), MEMBERS_KEY, Integer.toString(members)));
  }
}
