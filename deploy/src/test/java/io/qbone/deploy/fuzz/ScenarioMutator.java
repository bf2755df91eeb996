package io.qbone.deploy.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Seeded mutations of a scenario: of its values (extremes, wrong types), of its structure
 * (deleted, duplicated and unknown keys and entries, nesting) and of its text (lines deleted or
 * repeated, bytes changed, cut short). The same seed gives the same mutant.
 */
final class ScenarioMutator {
  /** Numbers that sit on or beyond the edges of the physical ranges. */
  static final Object[] EXTREMES = {
      0, -1, 1, 2, 0.5, 1e-300, 1e300, 1e-12, 1e-9, 1e9, 1e12, 1e18, 4.9e-324,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Long.MAX_VALUE,
      Long.MIN_VALUE, Integer.MAX_VALUE, 2147483648L, -0.0, 0.25, 0.9999999999, 1.0000001};
  private static final Object[] ODD_VALUES = {
      "x", "", " ", "true", "null", "~", "1e", "0x10", "1_000", "a:b", List.of(), Map.of(),
      List.of(1, 2), Map.of("k", 1), true, null, "\u00e9\u4e2d", "-.inf", ".nan"};
  private static final String[] ODD_KEYS = {
      "lenght_km", "extra", "fidelity", "rate_per_s", "interval_s", "qubits", "name", "a", "b",
      "duration_s", "factor", "dead_time_ns", "block_bits", "7", ""};

  private final SplittableRandom random;

  ScenarioMutator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** One mutant of {@code yaml}; {@code what} receives a short description of the mutation. */
  String mutate(String yaml, StringBuilder what) {
    if (random.nextBoolean()) {
      return scaleNumbers(yaml, what);
    }
    int ops = 1 + random.nextInt(3);
    String text = yaml;
    for (int i = 0; i < ops; i++) {
      text = random.nextInt(5) == 0 ? mutateText(text, what) : mutateTree(text, what);
    }
    return text;
  }

  /**
   * Odd but well-typed values, the kind that pass a loader checking only types: 1 to 3 numbers
   * scaled by 10^k, k uniform in [-15, 15], keeping their sign and type.
   */
  @SuppressWarnings("unchecked")
  private String scaleNumbers(String yaml, StringBuilder what) {
    Object root;
    try {
      root = new Load(LoadSettings.builder().setAllowDuplicateKeys(true).build())
          .loadFromString(yaml);
    } catch (RuntimeException notYaml) {
      return yaml;
    }
    Object copy = deepCopy(root);
    List<Object[]> slots = new ArrayList<>();
    collect(copy, slots);
    List<Object[]> numbers = new ArrayList<>();
    for (Object[] slot : slots) {
      Object v = slot[0] instanceof Map<?, ?> m ? m.get(slot[1])
          : ((List<Object>) slot[0]).get((Integer) slot[1]);
      if (v instanceof Number n && n.doubleValue() != 0 && !"qbone".equals(slot[1])) {
        numbers.add(slot);
      }
    }
    if (numbers.isEmpty()) {
      return yaml;
    }
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      Object[] slot = numbers.get(random.nextInt(numbers.size()));
      Object v = slot[0] instanceof Map<?, ?> m ? m.get(slot[1])
          : ((List<Object>) slot[0]).get((Integer) slot[1]);
      double scaled = ((Number) v).doubleValue() * Math.pow(10, random.nextInt(-15, 16));
      Object value = v instanceof Double ? (Object) scaled
          : (Object) (long) Math.max(Long.MIN_VALUE, Math.min(Long.MAX_VALUE, scaled));
      what.append(slot[1]).append(" = ").append(value).append("; ");
      if (slot[0] instanceof Map<?, ?>) {
        ((Map<Object, Object>) slot[0]).put(slot[1], value);
      } else {
        ((List<Object>) slot[0]).set((Integer) slot[1], value);
      }
    }
    return new Dump(DumpSettings.builder().build()).dumpToString(copy);
  }

  private String mutateTree(String yaml, StringBuilder what) {
    Object root;
    try {
      root = new Load(LoadSettings.builder().setAllowDuplicateKeys(true).build())
          .loadFromString(yaml);
    } catch (RuntimeException notYaml) {
      return yaml; // an earlier text mutation broke the YAML: nothing to mutate as a tree
    }
    Object copy = deepCopy(root);
    List<Object[]> slots = new ArrayList<>();
    collect(copy, slots);
    if (slots.isEmpty()) {
      return yaml;
    }
    Object[] slot = slots.get(random.nextInt(slots.size()));
    mutateSlot(slot, what);
    DumpSettings settings = DumpSettings.builder()
        .setDefaultFlowStyle(random.nextBoolean() ? FlowStyle.BLOCK : FlowStyle.AUTO).build();
    return new Dump(settings).dumpToString(copy);
  }

  /** A slot is {container, key or index}: where a value sits. */
  @SuppressWarnings("unchecked")
  private void mutateSlot(Object[] slot, StringBuilder what) {
    Object container = slot[0];
    Object key = slot[1];
    Object old = container instanceof Map<?, ?> m ? m.get(key) : ((List<Object>) container)
        .get((Integer) key);
    int op = random.nextInt(8);
    Object value = null;
    switch (op) {
      case 0, 1, 2 -> value = EXTREMES[random.nextInt(EXTREMES.length)];
      case 3 -> value = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
      case 4 -> value = old instanceof Number n ? scale(n) : EXTREMES[random.nextInt(
          EXTREMES.length)];
      case 5 -> { // delete
        if (container instanceof Map<?, ?> m) {
          m.remove(key);
        } else {
          ((List<Object>) container).remove((int) (Integer) key);
        }
        what.append("delete ").append(key).append("; ");
        return;
      }
      case 6 -> { // duplicate a list entry, or add a key
        if (container instanceof List<?> l) {
          ((List<Object>) l).add(deepCopy(old));
          what.append("duplicate [").append(key).append("]; ");
        } else {
          String k = ODD_KEYS[random.nextInt(ODD_KEYS.length)];
          ((Map<Object, Object>) container).put(k, EXTREMES[random.nextInt(EXTREMES.length)]);
          what.append("add key ").append(k).append("; ");
        }
        return;
      }
      default -> { // nest the value deeper or wrap it
        value = random.nextBoolean() ? List.of(deepCopy(old)) : Map.of("v", deepCopy(old));
      }
    }
    what.append(key).append(" = ").append(value).append("; ");
    if (container instanceof Map<?, ?>) {
      ((Map<Object, Object>) container).put(key, value);
    } else {
      ((List<Object>) container).set((Integer) key, value);
    }
  }

  private Object scale(Number n) {
    double f = Math.pow(10, random.nextInt(-320, 320));
    return random.nextBoolean() ? n.doubleValue() * f : -n.doubleValue() * f;
  }

  private String mutateText(String yaml, StringBuilder what) {
    List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
    int i = random.nextInt(lines.size());
    switch (random.nextInt(6)) {
      case 0 -> {
        lines.remove(i);
        what.append("text: delete line ").append(i + 1).append("; ");
      }
      case 1 -> {
        lines.add(i, lines.get(i));
        what.append("text: repeat line ").append(i + 1).append("; ");
      }
      case 2 -> {
        String l = lines.get(i);
        int at = l.isEmpty() ? 0 : random.nextInt(l.length());
        char c = "{}[],:#&*!|>'\"%@` \t-?".charAt(random.nextInt(21));
        lines.set(i, l.substring(0, at) + c + l.substring(at));
        what.append("text: insert '").append(c).append("' line ").append(i + 1).append("; ");
      }
      case 3 -> {
        lines.set(i, "  " + lines.get(i));
        what.append("text: indent line ").append(i + 1).append("; ");
      }
      case 4 -> {
        String cut = String.join("\n", lines);
        what.append("text: cut at ").append(cut.length() / 2).append("; ");
        return cut.substring(0, random.nextInt(Math.max(1, cut.length())));
      }
      default -> {
        lines.set(i, lines.get(i).replaceAll("[0-9]+", String.valueOf(random.nextLong())));
        what.append("text: digits line ").append(i + 1).append("; ");
      }
    }
    return String.join("\n", lines);
  }

  @SuppressWarnings("unchecked")
  private static void collect(Object node, List<Object[]> slots) {
    if (node instanceof Map<?, ?> m) {
      for (Object k : new ArrayList<>(m.keySet())) {
        slots.add(new Object[] {m, k});
        collect(m.get(k), slots);
      }
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        slots.add(new Object[] {l, i});
        collect(((List<Object>) l).get(i), slots);
      }
    }
  }

  private static Object deepCopy(Object node) {
    if (node instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, deepCopy(v)));
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(deepCopy(v)));
      return out;
    }
    return node;
  }
}
