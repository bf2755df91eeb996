package io.qbone.qkd.kme;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which SAE sits at which node and which SAE pairs may share keys. Each node runs one KME, named
 * after the node; a pair of SAEs draws keys from the key material between their two nodes.
 */
public final class KmeDirectory {
  /** The two KMEs a request involves, and the node pair whose key material they share. */
  public record Route(String masterSae, String slaveSae, String sourceKmeId, String targetKmeId,
      LinkId link) {}

  /** A pair of nodes with key material between them, smaller index first. */
  public record LinkId(int nodeA, int nodeB) implements Comparable<LinkId> {
    public LinkId {
      if (nodeA >= nodeB) {
        throw new IllegalArgumentException("nodeA must be < nodeB, got " + nodeA + ", " + nodeB);
      }
    }

    static LinkId of(int x, int y) {
      return new LinkId(Math.min(x, y), Math.max(x, y));
    }

    /** A name fit for persistence IDs and logs. */
    public String key() {
      return nodeA + "-" + nodeB;
    }

    @Override
    public int compareTo(LinkId o) {
      return nodeA != o.nodeA ? Integer.compare(nodeA, o.nodeA) : Integer.compare(nodeB, o.nodeB);
    }
  }

  private final List<String> nodeNames;
  private final Map<String, Integer> saeNode;
  /** Served pairs as "smaller SAE ID \0 larger SAE ID"; either SAE may be the master. */
  private final TreeSet<String> served = new TreeSet<>();

  /**
   * @param nodeNames node names by node index (they are the KME IDs)
   * @param saeNode the node each SAE is attached to
   * @param pairs SAE pairs allowed to share keys, each two SAEs at different nodes
   */
  public KmeDirectory(List<String> nodeNames, Map<String, Integer> saeNode,
      List<List<String>> pairs) {
    this.nodeNames = List.copyOf(nodeNames);
    this.saeNode = Collections.unmodifiableMap(new TreeMap<>(saeNode));
    for (var e : this.saeNode.entrySet()) {
      if (e.getValue() < 0 || e.getValue() >= nodeNames.size()) {
        throw new IllegalArgumentException("SAE '" + e.getKey() + "' is attached to node index "
            + e.getValue() + ", but there are " + nodeNames.size() + " nodes");
      }
    }
    for (List<String> pair : pairs) {
      if (pair.size() != 2) {
        throw new IllegalArgumentException("expected a pair of two SAE IDs, got " + pair);
      }
      String x = pair.get(0);
      String y = pair.get(1);
      for (String sae : pair) {
        if (!this.saeNode.containsKey(sae)) {
          throw new IllegalArgumentException("unknown SAE '" + sae + "' in pair " + pair);
        }
      }
      if (this.saeNode.get(x).equals(this.saeNode.get(y))) {
        throw new IllegalArgumentException("SAEs '" + x + "' and '" + y
            + "' are attached to the same node; a pair needs two nodes with key between them");
      }
      served.add(pairKey(x, y));
    }
  }

  /**
   * The route of a request by {@code master} for keys shared with {@code slave}.
   *
   * @throws KmeException 401 if either SAE is unknown or the pair is not served
   */
  public Route route(String masterSae, String slaveSae) {
    if (!saeNode.containsKey(masterSae)) {
      throw new KmeException(KmeException.UNAUTHORIZED,
          "SAE '" + masterSae + "' is not registered with any KME");
    }
    if (!served.contains(pairKey(masterSae, slaveSae))) {
      throw new KmeException(KmeException.UNAUTHORIZED, "SAE '" + masterSae
          + "' is not authorized to share keys with SAE '" + slaveSae + "'");
    }
    int source = saeNode.get(masterSae);
    int target = saeNode.get(slaveSae);
    return new Route(masterSae, slaveSae, nodeNames.get(source), nodeNames.get(target),
        LinkId.of(source, target));
  }

  /** The node pairs that serve at least one SAE pair, in order. */
  public List<LinkId> links() {
    TreeSet<LinkId> links = new TreeSet<>();
    for (String pair : served) {
      int cut = pair.indexOf('\0');
      links.add(LinkId.of(saeNode.get(pair.substring(0, cut)), saeNode.get(pair.substring(cut + 1))));
    }
    return new ArrayList<>(links);
  }

  public boolean isSae(String id) {
    return saeNode.containsKey(id);
  }

  private static String pairKey(String x, String y) {
    return x.compareTo(y) <= 0 ? x + '\0' + y : y + '\0' + x;
  }
}
