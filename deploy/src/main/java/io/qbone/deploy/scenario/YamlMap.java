package io.qbone.deploy.scenario;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML mapping of the scenario together with its dotted path (e.g. {@code links[2]}), so that
 * every typed read can fail with the file, line and field of the offending value.
 *
 * <p>Keys are looked up by a linear scan: scenario mappings have a handful of keys, and a
 * {@code HashMap} per entry would cost tens of MB on a 100,000-node scenario.
 */
final class YamlMap {
  private final String file;
  private final String path;
  private final MappingNode node;

  private YamlMap(String file, String path, MappingNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  /** Views {@code value} as a mapping or fails with "expected {@code what}, got ...". */
  static YamlMap of(String file, String path, Node value, String what) {
    if (value instanceof MappingNode m) {
      return new YamlMap(file, path, m);
    }
    throw new ScenarioException(file, YamlValues.line(value), path.isEmpty() ? null : path,
        "expected " + what + ", got " + YamlValues.describe(value));
  }

  String file() {
    return file;
  }

  String path() {
    return path;
  }

  /** Line where this mapping starts. */
  int line() {
    return YamlValues.line(node);
  }

  /** Dotted path of one of this mapping's keys. */
  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  List<NodeTuple> entries() {
    return node.getValue();
  }

  /**
   * Rejects keys outside {@code allowed} (naming the closest allowed key, to catch typos),
   * repeated keys and keys that are not plain text.
   */
  void checkKeys(List<String> allowed) {
    List<String> seen = new ArrayList<>(allowed.size());
    for (NodeTuple t : node.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode ks)) {
        throw new ScenarioException(file, YamlValues.line(k), path.isEmpty() ? null : path,
            "expected text keys, got " + YamlValues.describe(k) + " as a key");
      }
      String key = ks.getValue();
      if (!allowed.contains(key)) {
        String hint = KeyHints.closest(key, allowed);
        throw new ScenarioException(file, YamlValues.line(k), path(key),
            "unknown key '" + key + "'" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                + "; expected one of: " + String.join(", ", allowed));
      }
      if (seen.contains(key)) {
        throw new ScenarioException(file, YamlValues.line(k), path(key),
            "key '" + key + "' appears twice; expected each key at most once");
      }
      seen.add(key);
    }
  }

  /** The value of {@code key}, or null when the key is absent. */
  Node get(String key) {
    for (NodeTuple t : node.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return t.getValueNode();
      }
    }
    return null;
  }

  boolean has(String key) {
    return get(key) != null;
  }

  /** Line of the value of {@code key}, or of this mapping when the key is absent. */
  int lineOf(String key) {
    Node v = get(key);
    return v == null ? line() : YamlValues.line(v);
  }

  ScenarioException error(String key, String message) {
    return new ScenarioException(file, lineOf(key), path(key), message);
  }

  private Node required(String key, String expected) {
    Node v = get(key);
    if (v == null) {
      throw new ScenarioException(file, line(), path(key),
          "expected " + expected + ", got nothing (the field is missing)");
    }
    return v;
  }

  private ScenarioException wrongType(String key, Node v, String expected) {
    return new ScenarioException(file, YamlValues.line(v), path(key),
        "expected " + expected + ", got " + YamlValues.describe(v));
  }

  /** A required number; {@code expected} describes it, e.g. "a number > 0 (km)". */
  double number(String key, String expected) {
    Node v = required(key, expected);
    Double d = YamlValues.number(v);
    if (d == null) {
      throw wrongType(key, v, expected);
    }
    return d;
  }

  double number(String key, String expected, double absent) {
    return has(key) ? number(key, expected) : absent;
  }

  /** A required integer that fits a long. */
  long integer(String key, String expected) {
    Node v = required(key, expected);
    if (!YamlValues.isIntegerText(v)) {
      throw wrongType(key, v, expected);
    }
    try {
      return Long.parseLong(((ScalarNode) v).getValue());
    } catch (NumberFormatException e) {
      throw new ScenarioException(file, YamlValues.line(v), path(key),
          "expected " + expected + ", got " + YamlValues.describe(v) + " (out of range)");
    }
  }

  /** A required integer that fits an int. */
  int intValue(String key, String expected) {
    long l = integer(key, expected);
    if (l != (int) l) {
      throw error(key, "expected " + expected + ", got " + l + " (out of range)");
    }
    return (int) l;
  }

  /** A required text value; any non-empty scalar counts, so a node may be named {@code 7}. */
  String string(String key, String expected) {
    Node v = required(key, expected);
    if (!(v instanceof ScalarNode s) || YamlValues.isNull(v) || s.getValue().isBlank()) {
      throw wrongType(key, v, expected);
    }
    return s.getValue();
  }

  String string(String key, String expected, String absent) {
    return has(key) ? string(key, expected) : absent;
  }

  YamlMap map(String key, String expected) {
    return of(file, path(key), required(key, expected), expected);
  }

  /** A required list; each element is returned as-is with its index for the path. */
  List<Node> list(String key, String expected) {
    Node v = required(key, expected);
    if (!(v instanceof SequenceNode s)) {
      throw wrongType(key, v, expected);
    }
    return s.getValue();
  }

  /** Element {@code i} of list {@code key}, viewed as a mapping. */
  YamlMap element(String key, int i, Node value, String expected) {
    return of(file, path(key) + "[" + i + "]", value, expected);
  }
}
