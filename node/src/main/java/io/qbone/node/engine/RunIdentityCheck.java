package io.qbone.node.engine;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.cluster.ConfigValidation;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.JoinConfigCompatChecker;
import org.apache.pekko.cluster.Valid$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Pekko's join-time configuration check, extended by the run's identity ({@link RunIdentity})
 * and the shard count: a node that wants to join sends these settings to a seed node, which
 * refuses it when any differs from its own; the refused node shuts down
 * ({@code CoordinatedShutdown} reason {@code IncompatibleConfigurationDetected}) without ever
 * becoming a member, and the seed node logs which settings differed. Registered in
 * {@link ClusterConfig}; Pekko creates it by reflection, so it must stay public.
 */
public final class RunIdentityCheck extends JoinConfigCompatChecker {
  private static final List<String> KEYS = List.of(RunIdentity.SCENARIO_KEY,
      RunIdentity.SEED_KEY, RunIdentity.LP_COUNT_KEY, RunIdentity.MEMBERS_KEY,
      "pekko.cluster.sharding.number-of-shards");

  @Override
  public scala.collection.immutable.Seq<String> requiredKeys() {
    return CollectionConverters.asScala(KEYS).toList();
  }

  @Override
  public ConfigValidation check(Config toCheck, Config actualConfig) {
    List<String> problems = new ArrayList<>();
    for (String key : KEYS) {
      if (!toCheck.hasPath(key)) {
        problems.add("the joining node has no " + key);
      } else if (!toCheck.getString(key).equals(actualConfig.getString(key))) {
        problems.add(key + " of the joining node is " + toCheck.getString(key)
            + ", the cluster's is " + actualConfig.getString(key));
      }
    }
    return problems.isEmpty() ? Valid$.MODULE$
        : new Invalid(CollectionConverters.asScala(problems).toList());
  }
}
