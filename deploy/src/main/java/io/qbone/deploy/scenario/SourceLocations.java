package io.qbone.deploy.scenario;

import io.qbone.node.network.TopologyException.Part;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Source line of each scenario entry and field, so that errors found after loading (unknown
 * nodes, memory too small for the routed flows) still point at the line.
 *
 * <p>Stored as one growable {@code int[]} of lines per (part, field), indexed by position: a
 * 100,000-node scenario has about a million located fields, which as boxed map entries would cost
 * ~100 MB but costs a few MB this way.
 */
public final class SourceLocations {
  /** Field key of the entry itself. */
  private static final String ENTRY = "";

  private final Map<Part, Map<String, int[]>> lines = new EnumMap<>(Part.class);

  /** Records the 1-based line of an entry ({@code field} null) or of one of its fields. */
  public void put(Part part, int position, String field, int line) {
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0, got " + position);
    }
    Map<String, int[]> byField = lines.computeIfAbsent(part, p -> new TreeMap<>());
    String key = field == null ? ENTRY : field;
    int[] arr = byField.get(key);
    if (arr == null || position >= arr.length) {
      int size = Math.max(position + 1, arr == null ? 16 : arr.length * 2);
      arr = arr == null ? new int[size] : Arrays.copyOf(arr, size);
      byField.put(key, arr);
    }
    arr[position] = line;
  }

  /** Line of the field, else of its entry, else 0 when unknown. */
  public int line(Part part, int position, String field) {
    int l = field == null ? 0 : get(part, position, field);
    return l > 0 ? l : get(part, position, ENTRY);
  }

  private int get(Part part, int position, String key) {
    Map<String, int[]> byField = lines.get(part);
    int[] arr = byField == null ? null : byField.get(key);
    return arr == null || position < 0 || position >= arr.length ? 0 : arr[position];
  }
}
