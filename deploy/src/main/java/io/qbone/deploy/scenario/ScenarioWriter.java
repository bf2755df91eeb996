package io.qbone.deploy.scenario;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Streams scenario format v1, one flow-style line per node, link and flow, so that generated
 * files stay small and a 100,000-node network never has to exist as one string.
 *
 * <p>Numbers are printed through {@link BigDecimal} at a fixed scale, not {@code Double.toString},
 * whose digits changed between JDK releases: the same seed must give the same bytes everywhere.
 */
final class ScenarioWriter {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  private final Writer out;
  private final StringBuilder line = new StringBuilder(80);
  private long nodes;
  private long links;
  private long flows;

  ScenarioWriter(Writer out) {
    this.out = out;
  }

  void header(String comment, String name, long seed, double durationS) throws IOException {
    out.write("# " + comment + "\n");
    out.write("qbone: " + ScenarioLoader.FORMAT_VERSION + "\n");
    out.write("name: " + scalar(name) + "\n");
    out.write("seed: " + seed + "\n");
    out.write("duration_s: " + decimal(durationS, 9) + "\n");
    out.write("routing: latency\n");
    // Most nodes are repeaters: stating it once keeps node lines (and parse time) short.
    out.write("defaults:\n  node: {kind: repeater}\n");
  }

  void section(String key, boolean empty) throws IOException {
    out.write(empty ? key + ": []\n" : key + ":\n");
  }

  void node(String name, String kind) throws IOException {
    line.setLength(0);
    line.append("  - {name: ").append(name);
    if (!kind.equals("repeater")) {
      line.append(", kind: ").append(kind);
    }
    line.append("}\n");
    out.append(line);
    nodes++;
  }

  /** A link whose length is printed to the metre. */
  void link(String a, String b, double lengthKm) throws IOException {
    line.setLength(0);
    line.append("  - {a: ").append(a).append(", b: ").append(b)
        .append(", length_km: ").append(decimal(lengthKm, 3)).append("}\n");
    out.append(line);
    links++;
  }

  void flow(String name, String from, String to) throws IOException {
    line.setLength(0);
    line.append("  - {name: ").append(name).append(", from: ").append(from)
        .append(", to: ").append(to).append(", start_s: 0}\n");
    out.append(line);
    flows++;
  }

  ScenarioGenerator.Summary finish(String name) throws IOException {
    out.flush();
    return new ScenarioGenerator.Summary(name, nodes, links, flows);
  }

  /** {@code x} rounded half-even to {@code scale} decimals, without trailing zeros. */
  static String decimal(double x, int scale) {
    return new BigDecimal(x).setScale(scale, RoundingMode.HALF_EVEN).stripTrailingZeros()
        .toPlainString();
  }

  /** A user-given text as a YAML scalar: plain when safe, else double-quoted and escaped. */
  static String scalar(String s) {
    if (PLAIN.matcher(s).matches() && !isYamlKeyword(s)) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static boolean isYamlKeyword(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "null", "true", "false", "yes", "no", "on", "off" -> true;
      default -> false;
    };
  }
}
