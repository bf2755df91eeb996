package io.qbone.deploy.scenario;

import io.qbone.node.network.TopologyException.Part;
import java.util.HashMap;
import java.util.Map;

/**
 * Source line of each scenario entry and field, so that errors found after loading (unknown
 * nodes, memory too small for the routed flows) still point at the line.
 */
public final class SourceLocations {
  private final Map<String, Integer> lines = new HashMap<>();

  /** Records the 1-based line of an entry ({@code field} null) or of one of its fields. */
  public void put(Part part, int position, String field, int line) {
    lines.put(key(part, position, field), line);
  }

  /** Line of the field, else of its entry, else 0 when unknown. */
  public int line(Part part, int position, String field) {
    Integer l = field == null ? null : lines.get(key(part, position, field));
    if (l == null) {
      l = lines.get(key(part, position, null));
    }
    return l == null ? 0 : l;
  }

  private static String key(Part part, int position, String field) {
    return part + "/" + position + "/" + (field == null ? "" : field);
  }
}
