package io.qbone.deploy.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qbone.deploy.metrics.ModelReports;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.node.engine.Injector;
import io.qbone.node.engine.RunProgress;
import io.qbone.node.network.Link;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.router.network.FlowRoleSpec;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.traffic.FlowConfig;

/**
 * A run as the outside sees it while it goes: the scenario and its plan, how far it has come,
 * what the model reported ({@link ModelReports}) and the door for live requests ({@link Injector}).
 * Renders the API's JSON views.
 */
public final class LiveRun {
  /** Where the run is in its life. */
  public enum Phase { STARTING, RUNNING, FINISHED, FAILED }

  static final ObjectMapper JSON = new ObjectMapper();

  private final Scenario scenario;
  private final NetworkPlan plan;
  private final RunOptions options;
  private final RunProgress progress = new RunProgress();
  private final Injector injector;
  private final ModelReports reports;
  private volatile Phase phase = Phase.STARTING;
  private volatile String failure = "";

  /**
   * @param forMetrics whether Prometheus metrics will fold the model's reports
   *     ({@link ModelReports#ModelReports(int, int, int, boolean, boolean)})
   */
  public LiveRun(Scenario scenario, NetworkPlan plan, RunOptions options, boolean forMetrics) {
    this.scenario = scenario;
    this.plan = plan;
    this.options = options;
    Topology t = plan.topology();
    this.injector = new Injector(t.nodeCount());
    this.reports = new ModelReports(t.nodeCount(), t.links().size(), plan.flowCount(),
        scenario.traffic() != null, forMetrics);
  }

  public Scenario scenario() {
    return scenario;
  }

  public NetworkPlan plan() {
    return plan;
  }

  public RunOptions options() {
    return options;
  }

  public RunProgress progress() {
    return progress;
  }

  public Injector injector() {
    return injector;
  }

  /** The model's reports: the run's telemetry sink, and what the API shows. */
  public ModelReports reports() {
    return reports;
  }

  public Phase phase() {
    return phase;
  }

  public void running() {
    phase = Phase.RUNNING;
  }

  public void finished() {
    phase = Phase.FINISHED;
  }

  public void failed(String why) {
    failure = why;
    phase = Phase.FAILED;
  }

  public long durationNs() {
    return Math.round(scenario.durationS() * 1e9);
  }

  /** Memory qubits the plan gives a node: the slots of its flow roles. */
  int plannedQubits(int node) {
    int q = 0;
    for (FlowRoleSpec s : plan.roles(node)) {
      q += s.leftSlots() + s.rightSlots();
    }
    return q;
  }

  /** GET /api/status. */
  public ObjectNode status() {
    ObjectNode n = JSON.createObjectNode();
    n.put("scenario", scenario.name());
    n.put("state", phase.name().toLowerCase(java.util.Locale.ROOT));
    if (phase == Phase.FAILED) {
      n.put("failure", failure);
    }
    n.put("seed", scenario.seed());
    n.put("virtual_time_ns", progress.virtualNs());
    n.put("duration_ns", durationNs());
    n.put("events", progress.events());
    n.put("real_time_speed", options.realTimeSpeed());
    n.put("members", options.members());
    n.put("injections", injector.applied().size());
    return n;
  }

  /** GET /api/topology. */
  public ObjectNode topology() {
    Topology t = plan.topology();
    ObjectNode n = JSON.createObjectNode();
    n.put("scenario", scenario.name());
    ArrayNode nodes = n.putArray("nodes");
    for (int i = 0; i < t.nodeCount(); i++) {
      NodeConfig c = t.node(i);
      ObjectNode o = nodes.addObject();
      o.put("name", c.name());
      o.put("kind", c.kind());
      o.put("qubits", plannedQubits(i));
      if (c.hasLocation()) {
        o.put("lat", c.latitude());
        o.put("lon", c.longitude());
      }
    }
    ArrayNode links = n.putArray("links");
    for (Link l : t.links()) {
      ObjectNode o = links.addObject();
      o.put("name", t.linkName(l.index()));
      o.put("a", t.node(l.a()).name());
      o.put("b", t.node(l.b()).name());
      o.put("length_km", l.config().lengthKm());
      o.put("flows", plan.flowsOnLink(l.index()).length);
    }
    ArrayNode flows = n.putArray("flows");
    for (int f = 0; f < plan.flowCount(); f++) {
      FlowConfig c = plan.flows().get(f);
      ObjectNode o = flows.addObject();
      o.put("name", c.name());
      o.put("from", c.from());
      o.put("to", c.to());
      o.put("start_s", c.startS());
      ArrayNode path = o.putArray("path");
      for (int v : plan.route(f).nodes()) {
        path.add(t.node(v).name());
      }
    }
    return n;
  }
}
