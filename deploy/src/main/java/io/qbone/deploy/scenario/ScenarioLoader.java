package io.qbone.deploy.scenario;

import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.ScheduledFault;
import io.qbone.node.network.Topology;
import io.qbone.node.network.TopologyException.Part;
import io.qbone.node.network.TopologyException;
import io.qbone.qkd.node.QkdConfig;
import io.qbone.router.request.RoutingConfig;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.traffic.FlowConfig;
import io.qbone.router.traffic.TrafficConfig;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads scenario format v1 (docs/scenario-reference.md) into a validated {@link Scenario}.
 *
 * <p>The YAML is composed into a node tree rather than constructed into Java maps, because only
 * nodes keep their start marks and every error must name its line. Any problem ends the load with
 * one {@link ScenarioException} naming the file, line and dotted field.
 */
public final class ScenarioLoader {
  /** The only format version this loader reads. */
  public static final int FORMAT_VERSION = 1;

  private final String file;

  private ScenarioLoader(String file) {
    this.file = file;
  }

  /** Loads a scenario file (UTF-8); a missing or unreadable file is a line-0 error. */
  public static Scenario load(Path file) {
    return load(file, YamlLimits.DEFAULT);
  }

  /** Loads a scenario whose file's bytes were read already (member processes hash them). */
  static Scenario load(String name, byte[] bytes) {
    return new ScenarioLoader(name).read(ScenarioYaml.compose(name, bytes, YamlLimits.DEFAULT));
  }

  /** Loads a scenario file within {@code limits}. */
  static Scenario load(Path file, YamlLimits limits) {
    String name = file.toString();
    return new ScenarioLoader(name).read(ScenarioYaml.compose(file, name, limits));
  }

  /**
   * Loads a scenario from a reader; {@code displayName} is used as the file in messages and as
   * {@link Scenario#file()}. The reader is not closed.
   */
  public static Scenario load(String displayName, Reader reader) {
    return load(displayName, reader, YamlLimits.DEFAULT);
  }

  /** Loads a scenario from a reader within {@code limits}. */
  static Scenario load(String displayName, Reader reader, YamlLimits limits) {
    return new ScenarioLoader(displayName)
        .read(ScenarioYaml.compose(displayName, reader, limits));
  }

  private Scenario read(Node root) {
    if (root == null) {
      throw new ScenarioException(file, 0, null,
          "expected a scenario mapping (qbone: 1, name, duration_s, nodes, links), "
              + "got an empty document");
    }
    YamlMap top = YamlMap.of(file, "", root,
        "a scenario mapping (qbone: 1, name, duration_s, nodes, links)");
    // The version comes first: a newer file should hear that it is newer, not that its keys are
    // unknown.
    long version = top.integer("qbone", "the format version " + FORMAT_VERSION);
    if (version != FORMAT_VERSION) {
      throw top.error("qbone", "unsupported format version: expected " + FORMAT_VERSION
          + ", got " + version);
    }
    top.checkKeys(Fields.TOP);
    String name = top.string("name", "a scenario name");
    long seed = top.has("seed") ? top.integer("seed", "an integer seed") : 1;
    String durationExpected = "a number > 0 (virtual seconds)";
    double duration = top.number("duration_s", durationExpected);
    if (!(duration > 0 && Double.isFinite(duration))) {
      throw top.error("duration_s", "expected " + durationExpected + ", got "
          + YamlValues.describe(top.get("duration_s")));
    }
    Ranges.span(top, "duration_s", duration);
    Ranges ranges = Ranges.fromSystem();
    RouteMetric routing = RequestSectionsReader.isMapping(top) ? RouteMetric.LATENCY
        : readRouting(top);
    SourceLocations locations = new SourceLocations();
    Defaults defaults = Defaults.read(top);
    EntryReader entries = new EntryReader(defaults, locations);

    List<NodeConfig> nodes = readNodes(top, entries);
    List<Node> linkItems = top.list("links", "a list of links");
    List<Node> flowItems = top.has("flows") ? top.list("flows", "a list of flows") : List.of();
    if (linkItems.isEmpty() && !flowItems.isEmpty()) {
      throw top.error("links", "expected at least one link when there are flows, got an empty list");
    }
    List<LinkConfig> links = new ArrayList<>(linkItems.size());
    for (int i = 0; i < linkItems.size(); i++) {
      links.add(entries.link(top.element("links", i, linkItems.get(i), "a link mapping"), i));
    }
    Topology topology = topology(nodes, links, locations);
    LinkRanges.check(top, topology, linkItems, defaults.linkSection(), ranges);
    List<FlowConfig> flows = readFlows(top, flowItems, entries, topology, locations);
    QkdConfig qkd = top.has("qkd") ? QkdSectionReader.read(top, topology, flows, ranges) : null;
    List<ScheduledFault> faults = top.has("faults")
        ? FaultsReader.read(top, duration, topology, qkd == null ? List.of() : qkd.links())
        : List.of();
    RoutingConfig requestRouting = null;
    TrafficConfig traffic = null;
    if (top.has("traffic")) {
      // Saturating flows may run beside the requests (shortest latency, their memory held).
      requestRouting = RequestSectionsReader.routing(top, topology, ranges);
      traffic = RequestSectionsReader.traffic(top, topology, duration, ranges);
    } else if (RequestSectionsReader.isMapping(top)) {
      throw top.error("routing", "expected a 'traffic' section for a routing protocol (or "
          + "routing: latency | hops for saturating flows), got no traffic");
    }
    return new Scenario(file, name, seed, duration, routing, Collections.unmodifiableList(nodes),
        Collections.unmodifiableList(links), Collections.unmodifiableList(flows), locations,
        qkd, List.copyOf(faults), requestRouting, traffic);
  }

  private RouteMetric readRouting(YamlMap top) {
    String expected = "one of: latency, hops";
    String text = top.string("routing", expected, "latency");
    RouteMetric metric = RouteMetric.parse(text);
    if (metric == null) {
      throw top.error("routing", "expected " + expected + ", got '" + text + "'");
    }
    return metric;
  }

  private List<NodeConfig> readNodes(YamlMap top, EntryReader entries) {
    List<Node> items = top.list("nodes", "a non-empty list of nodes");
    if (items.isEmpty()) {
      throw top.error("nodes", "expected a non-empty list of nodes, got an empty list");
    }
    List<NodeConfig> nodes = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      nodes.add(entries.node(top.element("nodes", i, items.get(i), "a node mapping"), i));
    }
    return nodes;
  }

  /** Builds the graph once to find duplicate names, unknown link ends and parallel links. */
  private Topology topology(List<NodeConfig> nodes, List<LinkConfig> links, SourceLocations at) {
    try {
      return new Topology(nodes, links);
    } catch (TopologyException e) {
      String field = listName(e.part()) + "[" + e.position() + "]"
          + (e.field() == null ? "" : "." + e.field());
      throw new ScenarioException(file, at.line(e.part(), e.position(), e.field()), field,
          e.getMessage());
    }
  }

  private List<FlowConfig> readFlows(YamlMap top, List<Node> items, EntryReader entries,
      Topology topology, SourceLocations at) {
    List<FlowConfig> flows = new ArrayList<>(items.size());
    Map<String, Integer> firstByName = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      YamlMap m = top.element("flows", i, items.get(i), "a flow mapping");
      FlowConfig flow = entries.flow(m, i);
      requireNode(m, "from", flow.from(), topology);
      requireNode(m, "to", flow.to(), topology);
      Integer first = firstByName.putIfAbsent(flow.name(), i);
      if (first != null) {
        throw new ScenarioException(file, at.line(Part.FLOW, i, "name"), m.path("name"),
            "expected a unique flow name, got '" + flow.name() + "' again (first used by flows["
                + first + "] at line " + at.line(Part.FLOW, first, null) + ")");
      }
      flows.add(flow);
    }
    return flows;
  }

  private static void requireNode(YamlMap flow, String key, String name, Topology topology) {
    if (topology.indexOf(name) < 0) {
      throw flow.error(key, "expected a node defined under 'nodes', got unknown node '"
          + name + "'");
    }
  }

  private static String listName(Part part) {
    return switch (part) {
      case NODE -> "nodes";
      case LINK -> "links";
      case FLOW -> "flows";
    };
  }
}
