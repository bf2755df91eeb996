package io.qbone.deploy.scenario;

import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads scalars by their text and style rather than by resolved tag, so that the accepted number
 * syntax is ours (documented in the scenario reference) and not whichever YAML schema is active.
 */
final class YamlValues {
  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern DECIMAL =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern INFINITY = Pattern.compile("[-+]?\\.(inf|Inf|INF)");

  private YamlValues() {}

  /** 1-based line where the node starts, 0 if unknown. */
  static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  static boolean isPlain(Node node) {
    return node instanceof ScalarNode s && s.getScalarStyle() == ScalarStyle.PLAIN;
  }

  /** YAML's null: an empty value, {@code ~} or {@code null}, unquoted. */
  static boolean isNull(Node node) {
    if (!isPlain(node)) {
      return false;
    }
    String v = ((ScalarNode) node).getValue();
    return v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL");
  }

  /** The number an unquoted scalar spells, or null if it is not a number. */
  static Double number(Node node) {
    if (!isPlain(node)) {
      return null;
    }
    String v = ((ScalarNode) node).getValue();
    if (INTEGER.matcher(v).matches() || DECIMAL.matcher(v).matches()) {
      return Double.parseDouble(v);
    }
    if (INFINITY.matcher(v).matches()) {
      return v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return null;
  }

  static boolean isIntegerText(Node node) {
    return isPlain(node) && INTEGER.matcher(((ScalarNode) node).getValue()).matches();
  }

  /** How a value reads in "expected X, got Y" messages. */
  static String describe(Node node) {
    return switch (node.getNodeType()) {
      case MAPPING -> "a mapping";
      case SEQUENCE -> "a list";
      case SCALAR -> describeScalar((ScalarNode) node);
      default -> "a YAML " + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String describeScalar(ScalarNode s) {
    if (isNull(s)) {
      return "an empty value";
    }
    String v = s.getValue();
    String shown = v.length() > 60 ? v.substring(0, 57) + "..." : v;
    if (number(s) != null) {
      return shown;
    }
    return s.getScalarStyle() == ScalarStyle.PLAIN
        ? "'" + shown + "'"
        : "the quoted string '" + shown + "'";
  }
}
