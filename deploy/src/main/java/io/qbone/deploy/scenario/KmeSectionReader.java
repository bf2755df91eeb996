package io.qbone.deploy.scenario;

import io.qbone.deploy.kme.KmeSection;
import io.qbone.node.network.NodeConfig;
import io.qbone.qkd.kme.KmeDirectory;
import io.qbone.qkd.kme.KmeDirectory.LinkId;
import io.qbone.qkd.kme.KmeLimits;
import io.qbone.qkd.relay.KeyDemandConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the {@code kme:} section of a scenario that {@link ScenarioLoader} has already accepted
 * (so the file is well-formed YAML); the section is documented in docs/kme.md.
 */
public final class KmeSectionReader {
  static final List<String> KME = List.of("saes", "pairs", "key_size", "min_key_size",
      "max_key_size", "max_key_per_request", "max_stored_bits");
  static final List<String> SAE = List.of("id", "node");

  private KmeSectionReader() {}

  /** The section of {@code scenario} (loaded from {@code file}), or a located error. */
  public static KmeSection read(Path file, Scenario scenario) {
    Node root = ScenarioYaml.compose(file, scenario.file(), YamlLimits.DEFAULT);
    if (root == null) {
      throw new ScenarioException(scenario.file(), 0, null,
          "expected a scenario mapping, got an empty document (the file changed since loading)");
    }
    YamlMap top = YamlMap.of(scenario.file(), "", root, "a scenario mapping");
    if (!top.has("kme")) {
      throw new ScenarioException(scenario.file(), 0, "kme",
          "expected a 'kme' section (SAEs and the pairs that share keys) to serve KMEs, got none");
    }
    YamlMap kme = top.map("kme", "a mapping {saes, pairs, ...}");
    kme.checkKeys(KME);

    List<String> nodeNames = new ArrayList<>();
    Map<String, Integer> nodeIndex = new HashMap<>();
    for (NodeConfig n : scenario.nodes()) {
      nodeIndex.put(n.name(), nodeNames.size());
      nodeNames.add(n.name());
    }
    Map<String, Integer> saeNode = new TreeMap<>();
    List<Node> saes = kme.list("saes", "a list of SAEs {id, node}");
    for (int i = 0; i < saes.size(); i++) {
      YamlMap sae = kme.element("saes", i, saes.get(i), "an SAE mapping {id, node}");
      sae.checkKeys(SAE);
      String id = sae.string("id", "an SAE ID");
      String node = sae.string("node", "a node defined under 'nodes'");
      Integer index = nodeIndex.get(node);
      if (index == null) {
        throw sae.error("node", "expected a node defined under 'nodes', got unknown node '"
            + node + "'");
      }
      if (saeNode.put(id, index) != null) {
        throw sae.error("id", "expected a unique SAE ID, got '" + id + "' again");
      }
    }
    List<List<String>> pairs = new ArrayList<>();
    List<Node> pairItems = kme.list("pairs", "a list of SAE pairs [master, slave]");
    for (int i = 0; i < pairItems.size(); i++) {
      Node item = pairItems.get(i);
      String field = kme.path("pairs") + "[" + i + "]";
      if (!(item instanceof SequenceNode seq) || seq.getValue().size() != 2
          || !(seq.getValue().get(0) instanceof ScalarNode a)
          || !(seq.getValue().get(1) instanceof ScalarNode b)) {
        throw new ScenarioException(scenario.file(), YamlValues.line(item), field,
            "expected a pair of two SAE IDs [x, y], got " + YamlValues.describe(item));
      }
      for (ScalarNode s : List.of(a, b)) {
        if (!saeNode.containsKey(s.getValue())) {
          throw new ScenarioException(scenario.file(), YamlValues.line(s), field,
              "expected an SAE ID listed under kme.saes, got unknown SAE '" + s.getValue() + "'");
        }
      }
      if (saeNode.get(a.getValue()).equals(saeNode.get(b.getValue()))) {
        throw new ScenarioException(scenario.file(), YamlValues.line(item), field,
            "expected SAEs at two different nodes, got '" + a.getValue() + "' and '"
                + b.getValue() + "' both at node '" + nodeNames.get(saeNode.get(a.getValue()))
                + "'");
      }
      pairs.add(List.of(a.getValue(), b.getValue()));
    }
    KmeLimits d = KmeLimits.DEFAULT;
    String bits = "a positive multiple of 8 (bits)";
    KmeLimits limits;
    try {
      limits = new KmeLimits(
          kme.has("key_size") ? kme.intValue("key_size", bits) : d.keySizeBits(),
          kme.has("min_key_size") ? kme.intValue("min_key_size", bits) : d.minKeySizeBits(),
          kme.has("max_key_size") ? kme.intValue("max_key_size", bits) : d.maxKeySizeBits(),
          kme.has("max_key_per_request")
              ? kme.intValue("max_key_per_request", "an integer >= 1") : d.maxKeysPerRequest(),
          kme.has("max_stored_bits")
              ? kme.integer("max_stored_bits", "an integer (bits)") : d.maxStoredBits());
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String key = KME.stream().filter(message::startsWith).findFirst().orElse(null);
      throw key == null ? new ScenarioException(scenario.file(), kme.line(), "kme", message)
          : kme.error(key, message.substring(key.length() + 2));
    }
    KmeDirectory directory = new KmeDirectory(nodeNames, saeNode, pairs);
    return new KmeSection(directory, limits, feeds(scenario, nodeNames, saeNode, pairs, pairItems));
  }

  /**
   * Which QKD demand feeds each served node pair: the one demand (either direction) between its
   * two nodes. One per pair, because a pair's key blocks are numbered in the order its source
   * node receives them, and only a single source gives that order in every run (docs/kme.md).
   */
  private static SortedMap<Integer, LinkId> feeds(Scenario scenario, List<String> nodeNames,
      Map<String, Integer> saeNode, List<List<String>> pairs, List<Node> pairItems) {
    SortedMap<Integer, LinkId> feeds = new TreeMap<>();
    if (pairs.isEmpty()) {
      return feeds;
    }
    if (scenario.requestDriven() || scenario.qkd() == null) {
      throw new ScenarioException(scenario.file(), 0, "qkd", "expected a 'qkd' section whose "
          + "demands give the KMEs their keys (and no 'traffic' section, which runs the request "
          + "model instead of QKD), got " + (scenario.requestDriven() ? "a 'traffic' section"
          : "no 'qkd' section"));
    }
    List<KeyDemandConfig> demands = scenario.qkd().demands();
    for (int i = 0; i < pairItems.size(); i++) {
      int x = saeNode.get(pairs.get(i).get(0));
      int y = saeNode.get(pairs.get(i).get(1));
      LinkId link = new LinkId(Math.min(x, y), Math.max(x, y));
      List<Integer> between = new ArrayList<>();
      for (int d = 0; d < demands.size(); d++) {
        int from = nodeNames.indexOf(demands.get(d).from());
        int to = nodeNames.indexOf(demands.get(d).to());
        if (Math.min(from, to) == link.nodeA() && Math.max(from, to) == link.nodeB()) {
          between.add(d);
        }
      }
      String nodes = "'" + nodeNames.get(link.nodeA()) + "' and '"
          + nodeNames.get(link.nodeB()) + "'";
      if (between.size() != 1) {
        throw new ScenarioException(scenario.file(), YamlValues.line(pairItems.get(i)),
            "kme.pairs[" + i + "]", "expected exactly one entry of qkd.demands between nodes "
                + nodes + " to give this pair's KMEs their keys, got " + (between.isEmpty()
                ? "none" : between.stream().map(d -> "'" + demands.get(d).name() + "'").toList()));
      }
      feeds.put(between.get(0), link);
    }
    return feeds;
  }
}
