package io.qbone.deploy.run;

import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioException;
import io.qbone.node.network.Topology;
import io.qbone.node.network.TopologyException;
import io.qbone.router.network.NetworkPlan;

/** Turns a loaded scenario into the plan the node processes share, with errors located in the file. */
public final class PlanBuilder {
  private PlanBuilder() {}

  public static NetworkPlan build(Scenario s) {
    try {
      return new NetworkPlan(new Topology(s.nodes(), s.links()), s.flows(), s.routing(),
          s.requestDriven());
    } catch (TopologyException e) {
      String list = switch (e.part()) {
        case NODE -> "nodes";
        case LINK -> "links";
        case FLOW -> "flows";
      };
      throw new ScenarioException(s.file(), s.locations().line(e.part(), e.position(), e.field()),
          list + "[" + e.position() + "]." + e.field(), e.getMessage());
    }
  }
}
