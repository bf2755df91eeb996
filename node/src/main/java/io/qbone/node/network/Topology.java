package io.qbone.node.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The immutable network graph: nodes and links by index, with adjacency. */
public final class Topology {
  private final List<NodeConfig> nodes;
  private final List<Link> links;
  private final Map<String, Integer> indexByName;
  private final int[][] incidentLinks;

  /**
   * Builds the graph, rejecting duplicate node names, links to unknown nodes and parallel links.
   *
   * @throws TopologyException naming the offending node or link by its position in the lists,
   *     also when a link's physics (computed from both end nodes) cannot herald
   */
  public Topology(List<NodeConfig> nodes, List<LinkConfig> linkConfigs) {
    this.nodes = List.copyOf(nodes);
    this.indexByName = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (indexByName.putIfAbsent(nodes.get(i).name(), i) != null) {
        throw new TopologyException(TopologyException.Part.NODE, i, "name",
            "duplicate node name '" + nodes.get(i).name() + "'");
      }
    }
    List<Link> built = new ArrayList<>(linkConfigs.size());
    List<List<Integer>> incident = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      incident.add(new ArrayList<>(2));
    }
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < linkConfigs.size(); i++) {
      LinkConfig c = linkConfigs.get(i);
      int a = resolve(c.a(), i, "a");
      int b = resolve(c.b(), i, "b");
      long key = (long) Math.min(a, b) << 32 | Math.max(a, b);
      if (!seen.add(key)) {
        throw new TopologyException(TopologyException.Part.LINK, i, "b",
            "a link between '" + c.a() + "' and '" + c.b() + "' is already defined");
      }
      try {
        built.add(new Link(i, a, b, c, nodes.get(a), nodes.get(b)));
      } catch (ConfigException e) {
        throw new TopologyException(TopologyException.Part.LINK, i, e.field(), e.getMessage());
      }
      incident.get(a).add(i);
      incident.get(b).add(i);
    }
    this.links = Collections.unmodifiableList(built);
    this.incidentLinks = new int[nodes.size()][];
    for (int i = 0; i < nodes.size(); i++) {
      incidentLinks[i] = incident.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private int resolve(String name, int linkIndex, String field) {
    Integer idx = indexByName.get(name);
    if (idx == null) {
      throw new TopologyException(TopologyException.Part.LINK, linkIndex, field,
          "unknown node '" + name + "'");
    }
    return idx;
  }

  public int nodeCount() {
    return nodes.size();
  }

  public NodeConfig node(int index) {
    return nodes.get(index);
  }

  public List<NodeConfig> nodes() {
    return nodes;
  }

  public List<Link> links() {
    return links;
  }

  public Link link(int index) {
    return links.get(index);
  }

  /** A link's name for people: its end nodes' names, {@code a-b}. */
  public String linkName(int index) {
    Link l = links.get(index);
    return nodes.get(l.a()).name() + "-" + nodes.get(l.b()).name();
  }

  /** Index of the named node, or -1. */
  public int indexOf(String name) {
    Integer idx = indexByName.get(name);
    return idx == null ? -1 : idx;
  }

  /** Indices of the links at a node, in scenario order. */
  public int[] incidentLinks(int node) {
    return incidentLinks[node];
  }

  /** The engine's lookahead: the smallest delay between two different nodes. */
  public long minLinkDelayNs() {
    long min = Long.MAX_VALUE;
    for (Link l : links) {
      min = Math.min(min, l.delayNs());
    }
    return min;
  }
}
