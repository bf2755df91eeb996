package io.qbone.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioGenerator;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.network.Topology;
import io.qbone.node.placement.LpGraph;
import io.qbone.node.placement.Partition;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;

/**
 * The placement of generated networks, read back as scenarios: chains, grids and Waxman graphs
 * are balanced within 5 % on 2, 3, 4 and 8 members, chains are cut M - 1 times.
 */
class PlacementTest {
  private static final int[] MEMBERS = {2, 3, 4, 8};

  interface Generator {
    void write(Writer w) throws IOException;
  }

  private static Topology topology(Generator g) throws IOException {
    StringWriter text = new StringWriter();
    g.write(text);
    Scenario s = ScenarioLoader.load("generated.yaml", new StringReader(text.toString()));
    return PlanBuilder.build(s).topology();
  }

  @Test
  void generatedChainsAreCutMembersMinusOneTimesAndBalanced() throws IOException {
    Topology chain = topology(w -> ScenarioGenerator.chain(
        new ScenarioGenerator.Chain(2000, 20, 0, 1, 0.1, null), w));
    for (int members : MEMBERS) {
      Partition p = LpGraph.of(chain).partition(members);
      assertEquals(members - 1, p.cutLinks(), members + " members");
      assertTrue(p.imbalance() <= 0.05, members + " members: imbalance " + p.imbalance());
      assertEquals(chain.minLinkDelayNs(), p.minCutDelayNs());
    }
  }

  @Test
  void generatedGridsAreBalanced() throws IOException {
    Topology grid = topology(w -> ScenarioGenerator.grid(
        new ScenarioGenerator.Grid(50, 60, 20, 1, 1, 0.1, null), w));
    for (int members : MEMBERS) {
      Partition p = LpGraph.of(grid).partition(members);
      assertTrue(p.imbalance() <= 0.05, members + " members: imbalance " + p.imbalance());
      // Far fewer than the (1 - 1/M) of all links a random placement cuts.
      assertTrue(p.cutLinks() < 0.1 * grid.links().size(), "cut " + p.cutLinks());
    }
  }

  /** Waxman graphs have links of all lengths: the shortest cut link is far from the shortest. */
  @Test
  void waxmanGraphsAreBalancedAndCutAtLongLinks() throws IOException {
    for (long seed = 1; seed <= 3; seed++) {
      long s = seed;
      Topology waxman = topology(w -> ScenarioGenerator.waxman(
          new ScenarioGenerator.Waxman(3000, 200, 0.15, 0.004, 5, s, 0.1, null), w));
      for (int members : MEMBERS) {
        Partition p = LpGraph.of(waxman).partition(members);
        String what = "seed " + seed + ", " + members + " members";
        assertTrue(p.imbalance() <= 0.05, what + ": imbalance " + p.imbalance());
        assertTrue(p.cutLinks() < 0.2 * waxman.links().size(),
            what + ": cut " + p.cutLinks() + " of " + waxman.links().size());
        assertTrue(p.minCutDelayNs() > waxman.minLinkDelayNs(), what + ": shortest cut "
            + p.minCutDelayNs() + " ns, shortest link " + waxman.minLinkDelayNs() + " ns");
      }
    }
  }
}
