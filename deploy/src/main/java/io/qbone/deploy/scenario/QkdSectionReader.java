package io.qbone.deploy.scenario;

import io.qbone.node.network.ConfigException;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.Topology;
import io.qbone.qkd.link.Bbm92Config;
import io.qbone.qkd.link.DecoyBb84Link;
import io.qbone.qkd.link.LinkKeyModel;
import io.qbone.qkd.link.PublishedRateLink;
import io.qbone.qkd.link.QkdLinkConfig;
import io.qbone.qkd.node.QkdConfig;
import io.qbone.qkd.qrng.QrngConfig;
import io.qbone.qkd.rate.DecoyBb84Params;
import io.qbone.qkd.rate.DecoyMethod;
import io.qbone.qkd.relay.KeyDemandConfig;
import io.qbone.router.routing.RouteMetric;
import io.qbone.router.traffic.FlowConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the scenario's optional {@code qkd:} section (docs/scenario-reference.md, "QKD") into a
 * {@link QkdConfig}: QKD links on fibre links of the topology, BBM92 key on flows, key demands,
 * block, threshold and pool sizes, relay routing and the QRNG.
 */
final class QkdSectionReader {
  static final List<String> SECTION = List.of("block_bits", "qber_threshold",
      "pool_capacity_bits", "relay_routing", "tick_s", "qrng", "defaults", "links", "bbm92",
      "demands");
  static final List<String> DECOY_FIELDS = List.of("pulse_rate_hz", "mu", "nu",
      "detector_efficiency", "dark_count_probability", "misalignment", "sifting", "decoy");
  static final List<String> PUBLISHED_FIELDS = List.of("secret_key_rate_bps", "qber");
  static final List<String> LINK_DEFAULTS;
  static final List<String> LINK;

  static {
    List<String> d = new ArrayList<>(List.of("technology", "error_correction_efficiency"));
    d.addAll(DECOY_FIELDS);
    d.addAll(PUBLISHED_FIELDS);
    LINK_DEFAULTS = List.copyOf(d);
    List<String> l = new ArrayList<>(List.of("a", "b", "block_bits"));
    l.addAll(d);
    LINK = List.copyOf(l);
  }

  static final List<String> BBM92 = List.of("flow", "block_bits", "sifting");
  static final List<String> DEMAND = List.of("name", "from", "to", "key_bits", "rate_bps",
      "start_s");
  static final List<String> QRNG = List.of("source", "path");
  /** Technologies qbone models from their physics; the others use their published rate. */
  static final String DECOY_BB84 = "decoy-bb84";
  static final List<String> PUBLISHED_TECHNOLOGIES =
      List.of("cow", "dps", "cv-qkd", "bb84", "sarg04", "entanglement");
  static final String TECHNOLOGIES = "one of: decoy-bb84, " + String.join(", ",
      PUBLISHED_TECHNOLOGIES);

  // Built-in decoy BB84 values (docs/scenario-reference.md gives their sources).
  static final double PULSE_RATE_HZ = 1e9;
  static final double MU = 0.5;
  static final double NU = 0.1;
  static final double DETECTOR_EFFICIENCY = 0.1;
  static final double DARK_COUNT = 1e-6;
  static final double MISALIGNMENT = 0.01;
  static final double EC_EFFICIENCY = 1.16;

  private QkdSectionReader() {}

  static QkdConfig read(YamlMap top, Topology topology, List<FlowConfig> flows,
      Ranges ranges) {
    YamlMap q = top.map("qkd", "a mapping (links, demands, ...)");
    q.checkKeys(SECTION);
    long blockBits = q.has("block_bits")
        ? q.integer("block_bits", "an integer >= 16 (sifted bits per block)")
        : QkdConfig.DEFAULT_BLOCK_BITS;
    if (blockBits < 16) {
      throw q.error("block_bits", "expected an integer >= 16 (sifted bits per block), got "
          + blockBits);
    }
    String thresholdExpected = "a QBER in (0, 0.5]";
    double threshold = q.number("qber_threshold", thresholdExpected,
        QkdConfig.DEFAULT_QBER_THRESHOLD);
    if (!(threshold > 0 && threshold <= 0.5)) {
      throw q.error("qber_threshold", "expected " + thresholdExpected + ", got " + threshold);
    }
    long pool = q.has("pool_capacity_bits")
        ? q.integer("pool_capacity_bits", "an integer >= 8 (bits per pool direction)")
        : QkdConfig.DEFAULT_POOL_CAPACITY_BITS;
    if (pool < 8) {
      throw q.error("pool_capacity_bits", "expected an integer >= 8 (bits per pool direction), "
          + "got " + pool);
    }
    String routingExpected = "one of: hops, latency";
    String routingText = q.string("relay_routing", routingExpected, "hops");
    RouteMetric routing = RouteMetric.parse(routingText);
    if (routing == null) {
      throw q.error("relay_routing", "expected " + routingExpected + ", got '" + routingText + "'");
    }
    String tickExpected = "a number >= 0 (seconds; 0: blocks at their exact times)";
    double tickS = q.number("tick_s", tickExpected, 0);
    if (!(tickS >= 0 && Double.isFinite(tickS))) {
      throw q.error("tick_s", "expected " + tickExpected + ", got " + tickS);
    }
    if (tickS > 0) {
      ranges.period(q, "tick_s", tickS, "each QKD link's key management");
    }
    QrngConfig qrng = q.has("qrng") ? qrng(q.map("qrng", "a mapping {source, path}"))
        : QrngConfig.SEEDED;
    YamlMap defaults = null;
    if (q.has("defaults")) {
      defaults = q.map("defaults", "a mapping of QKD link fields");
      defaults.checkKeys(LINK_DEFAULTS);
    }
    List<QkdLinkConfig> qkdLinks = new ArrayList<>();
    List<Node> items = q.has("links") ? q.list("links", "a list of QKD links") : List.of();
    List<Long> seen = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      YamlMap m = q.element("links", i, items.get(i), "a QKD link mapping");
      QkdLinkConfig link = link(m, defaults, topology, seen);
      blockTime(m, defaults, link.model(), link.blockBits() > 0 ? link.blockBits() : blockBits,
          ranges);
      qkdLinks.add(link);
    }
    List<Bbm92Config> bbm92 = new ArrayList<>();
    List<Node> bItems = q.has("bbm92") ? q.list("bbm92", "a list of {flow, block_bits}") : List.of();
    for (int i = 0; i < bItems.size(); i++) {
      YamlMap m = q.element("bbm92", i, bItems.get(i), "a BBM92 mapping {flow, block_bits}");
      m.checkKeys(BBM92);
      String flow = m.string("flow", "a flow name");
      if (flows.stream().noneMatch(f -> f.name().equals(flow))) {
        throw m.error("flow", "expected a flow defined under 'flows', got unknown flow '" + flow
            + "'");
      }
      for (Bbm92Config b : bbm92) {
        if (b.flow().equals(flow)) {
          throw m.error("flow", "expected each flow at most once, got '" + flow + "' again");
        }
      }
      long bits = m.has("block_bits") ? m.integer("block_bits", "an integer >= 16") : 10_000;
      try {
        bbm92.add(new Bbm92Config(flow, bits, m.number("sifting", "a fraction in (0, 1]", 0.5)));
      } catch (ConfigException e) {
        throw Fields.translate(m, e);
      }
    }
    List<KeyDemandConfig> demands = new ArrayList<>();
    List<Node> dItems = q.has("demands") ? q.list("demands", "a list of key demands") : List.of();
    for (int i = 0; i < dItems.size(); i++) {
      YamlMap m = q.element("demands", i, dItems.get(i), "a key demand mapping");
      KeyDemandConfig demand = demand(m, topology, demands);
      keyInterval(m, demand, ranges);
      demands.add(demand);
    }
    return new QkdConfig(qkdLinks, bbm92, demands, blockBits, threshold, pool, routing, qrng,
        Math.round(tickS * 1e9));
  }

  private static QrngConfig qrng(YamlMap m) {
    m.checkKeys(QRNG);
    String expected = "one of: seeded, os, device";
    String source = m.string("source", expected);
    switch (source) {
      case "seeded", "os" -> {
        if (m.has("path")) {
          throw m.error("path", "expected no 'path' for source " + source
              + " (only 'device' reads a file)");
        }
        return source.equals("os") ? new QrngConfig(QrngConfig.Kind.OS, null) : QrngConfig.SEEDED;
      }
      case "device" -> {
        String path = m.string("path", "the path of the QRNG device file, e.g. /dev/qrandom0");
        if (!java.nio.file.Files.isReadable(Path.of(path))) {
          throw m.error("path", "expected a readable QRNG device file, got '" + path
              + "' (missing or not readable)");
        }
        return new QrngConfig(QrngConfig.Kind.DEVICE, Path.of(path));
      }
      default -> throw m.error("source", "expected " + expected + ", got '" + source + "'");
    }
  }

  private static QkdLinkConfig link(YamlMap m, YamlMap defaults, Topology topology,
      List<Long> seen) {
    m.checkKeys(LINK);
    String a = m.string("a", Fields.NODE_NAME);
    String b = m.string("b", Fields.NODE_NAME);
    for (String end : List.of("a", "b")) {
      String name = end.equals("a") ? a : b;
      if (topology.indexOf(name) < 0) {
        throw m.error(end, "expected a node defined under 'nodes', got unknown node '" + name + "'");
      }
    }
    int index = linkBetween(topology, a, b);
    if (index < 0) {
      throw m.error("b", "expected a link defined under 'links' between '" + a + "' and '" + b
          + "' (a QKD link runs over a fibre link), got none");
    }
    if (seen.contains((long) index)) {
      throw m.error("b", "expected each fibre link at most once, got '" + a + "'-'" + b
          + "' again");
    }
    seen.add((long) index);
    LinkConfig fibre = topology.link(index).config();
    String technology = text(m, defaults, "technology", TECHNOLOGIES, DECOY_BB84);
    boolean decoy = technology.equals(DECOY_BB84);
    if (!decoy && !PUBLISHED_TECHNOLOGIES.contains(technology)) {
      throw located(m, defaults, "technology", "expected " + TECHNOLOGIES + ", got '"
          + technology + "'");
    }
    for (String key : decoy ? PUBLISHED_FIELDS : DECOY_FIELDS) {
      if (m.has(key)) {
        throw m.error(key, decoy
            ? "expected no '" + key + "' on a decoy-bb84 link (its rate and QBER come from the "
                + "physics)"
            : "expected no '" + key + "' on a " + technology + " link (it is modelled by its "
                + "published secret_key_rate_bps and qber)");
      }
    }
    double f = number(m, defaults, "error_correction_efficiency", "a number >= 1",
        EC_EFFICIENCY);
    try {
      LinkKeyModel model;
      if (decoy) {
        String method = text(m, defaults, "decoy", "one of: vacuum-weak, infinite", "vacuum-weak");
        DecoyMethod dm = switch (method) {
          case "vacuum-weak" -> DecoyMethod.VACUUM_PLUS_WEAK;
          case "infinite" -> DecoyMethod.INFINITE;
          default -> throw located(m, defaults, "decoy",
              "expected one of: vacuum-weak, infinite, got '" + method + "'");
        };
        DecoyBb84Params p = new DecoyBb84Params(
            number(m, defaults, "mu", "a number > 0", MU),
            number(m, defaults, "nu", "a number in (0, mu)", NU),
            number(m, defaults, "dark_count_probability", Fields.PROBABILITY, DARK_COUNT),
            number(m, defaults, "detector_efficiency", Fields.EFFICIENCY_01, DETECTOR_EFFICIENCY),
            number(m, defaults, "misalignment", Fields.MISALIGNMENT, MISALIGNMENT),
            f, fibre.attenuationDbPerKm(), fibre.lengthKm(),
            number(m, defaults, "sifting", "a fraction in (0, 1]",
                DecoyBb84Params.BB84_SIFTING));
        model = new DecoyBb84Link(p, dm,
            number(m, defaults, "pulse_rate_hz", "a number > 0 (Hz)", PULSE_RATE_HZ));
      } else {
        model = new PublishedRateLink(
            required(m, defaults, "secret_key_rate_bps", "a number > 0 (bit/s)"),
            required(m, defaults, "qber", "a QBER in [0, 0.5)"), f);
      }
      long blockBits = 0;
      if (m.has("block_bits")) {
        blockBits = m.integer("block_bits", "an integer >= 16 (sifted bits per block)");
        if (blockBits < 16) {
          throw m.error("block_bits", "expected an integer >= 16 (sifted bits per block), got "
              + blockBits);
        }
      }
      return new QkdLinkConfig(a, b, technology, model, blockBits);
    } catch (ConfigException e) {
      if (defaults != null && !m.has(e.field()) && defaults.has(e.field())) {
        throw Fields.translate(defaults, e);
      }
      throw Fields.translate(m, e);
    }
  }

  /**
   * A link's blocks come every block_bits / sifted rate seconds: at most the events bound allows,
   * and no further apart than virtual time can hold. The field named is the one that set the
   * rate (the published rate, else the pulse rate) unless the block size is what is out of range.
   */
  private static void blockTime(YamlMap m, YamlMap defaults, LinkKeyModel model, long bits,
      Ranges ranges) {
    double sifted = model.physics(0).siftedBitsPerSecond();
    if (!(sifted > 0)) {
      return; // no key, no blocks: the link only ever raises nothing
    }
    double blockS = bits / sifted;
    if (blockS >= ranges.minIntervalS() && blockS <= Ranges.MAX_TIME_S) {
      return;
    }
    String key = model instanceof PublishedRateLink ? "secret_key_rate_bps" : "pulse_rate_hz";
    if (blockS < ranges.minIntervalS() && m.has("block_bits")) {
      key = "block_bits";
    }
    throw located(m, defaults, key, "expected a QKD link completing a block of " + bits
        + " sifted bits every [" + Ranges.g(ranges.minIntervalS()) + ", "
        + Ranges.g(Ranges.MAX_TIME_S) + "] s (a link may schedule at most "
        + Ranges.g(ranges.maxEventsPerMicrosecond()) + " events per virtual µs, -D"
        + Ranges.EVENTS_PROPERTY + "; the latest run ends at 1e9 s), got one every "
        + Ranges.g(blockS) + " s (" + Ranges.g(sifted) + " sifted bits per s)");
  }

  /** A demand asks for a key every key_bits / rate_bps seconds, within the same bounds. */
  private static void keyInterval(YamlMap m, KeyDemandConfig d, Ranges ranges) {
    double intervalS = d.keyBits() / d.rateBps();
    if (!(intervalS >= ranges.minIntervalS() && intervalS <= Ranges.MAX_TIME_S)) {
      throw m.error("rate_bps", "expected a rate giving one key of " + d.keyBits() + " bits every ["
          + Ranges.g(ranges.minIntervalS()) + ", " + Ranges.g(Ranges.MAX_TIME_S) + "] s, i.e. "
          + "in [" + Ranges.g(d.keyBits() / Ranges.MAX_TIME_S) + ", "
          + Ranges.g(d.keyBits() / ranges.minIntervalS()) + "] bit/s (a demand may schedule at "
          + "most " + Ranges.g(ranges.maxEventsPerMicrosecond()) + " events per virtual µs, -D"
          + Ranges.EVENTS_PROPERTY + "), got " + Ranges.g(d.rateBps()));
    }
    Ranges.instant(m, "start_s", d.startS());
  }

  /** Index of the topology link between the named nodes, or -1. */
  static int linkBetween(Topology topology, String a, String b) {
    int va = topology.indexOf(a);
    int vb = topology.indexOf(b);
    if (va < 0 || vb < 0) {
      return -1;
    }
    for (int l : topology.incidentLinks(va)) {
      if (topology.link(l).other(va) == vb) {
        return l;
      }
    }
    return -1;
  }

  private static KeyDemandConfig demand(YamlMap m, Topology topology,
      List<KeyDemandConfig> before) {
    m.checkKeys(DEMAND);
    String from = m.string("from", Fields.NODE_NAME);
    String to = m.string("to", Fields.NODE_NAME);
    for (String key : List.of("from", "to")) {
      String name = key.equals("from") ? from : to;
      if (topology.indexOf(name) < 0) {
        throw m.error(key, "expected a node defined under 'nodes', got unknown node '" + name
            + "'");
      }
    }
    String name = m.string("name", "a demand name", from + "-" + to);
    for (KeyDemandConfig d : before) {
      if (d.name().equals(name)) {
        throw m.error("name", "expected a unique demand name, got '" + name + "' again");
      }
    }
    int keyBits = m.has("key_bits") ? m.intValue("key_bits", "a positive multiple of 8") : 256;
    try {
      return new KeyDemandConfig(name, from, to, keyBits,
          m.number("rate_bps", "a number > 0 (bit/s)"),
          m.number("start_s", Fields.START, 0));
    } catch (ConfigException e) {
      throw Fields.translate(m, e);
    }
  }

  /** The entry's value, else the defaults', else {@code builtIn}. */
  private static double number(YamlMap m, YamlMap defaults, String key, String expected,
      double builtIn) {
    if (m.has(key)) {
      return m.number(key, expected);
    }
    return defaults != null && defaults.has(key) ? defaults.number(key, expected) : builtIn;
  }

  private static double required(YamlMap m, YamlMap defaults, String key, String expected) {
    if (m.has(key) || defaults == null || !defaults.has(key)) {
      return m.number(key, expected);
    }
    return defaults.number(key, expected);
  }

  private static String text(YamlMap m, YamlMap defaults, String key, String expected,
      String builtIn) {
    if (m.has(key)) {
      return m.string(key, expected);
    }
    return defaults != null && defaults.has(key) ? defaults.string(key, expected) : builtIn;
  }

  private static ScenarioException located(YamlMap m, YamlMap defaults, String key,
      String message) {
    return !m.has(key) && defaults != null && defaults.has(key)
        ? defaults.error(key, message) : m.error(key, message);
  }
}
