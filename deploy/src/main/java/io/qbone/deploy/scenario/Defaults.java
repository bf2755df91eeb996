package io.qbone.deploy.scenario;

import io.qbone.node.network.ConfigException;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;

/**
 * Values used for fields an entry leaves out: the scenario's {@code defaults} section, else the
 * built-in defaults (documented with their sources in docs/scenario-reference.md). The v1 fields
 * are validated here; the sections themselves are kept for the hardware fields, which {@link
 * Layered} reads with a platform preset between the section and the built-in values.
 */
record Defaults(
    String kind,
    int qubits,
    double coherenceTimeS,
    double attenuationDbPerKm,
    double refractiveIndex,
    double fidelity,
    double efficiency,
    double attemptRateHz,
    YamlMap nodeSection,
    YamlMap linkSection) {

  static final Defaults BUILT_IN = new Defaults("repeater", NodeConfig.AUTO_QUBITS,
      Double.POSITIVE_INFINITY, LinkConfig.DEFAULT_ATTENUATION_DB_PER_KM,
      LinkConfig.DEFAULT_REFRACTIVE_INDEX, LinkConfig.DEFAULT_FIDELITY,
      LinkConfig.DEFAULT_EFFICIENCY, 0, null, null);

  /** Reads the optional {@code defaults} section and validates it on its own lines. */
  static Defaults read(YamlMap top) {
    if (!top.has("defaults")) {
      return BUILT_IN;
    }
    YamlMap d = top.map("defaults", "a mapping {node, link}");
    d.checkKeys(Fields.DEFAULTS);
    Defaults b = BUILT_IN;
    String kind = b.kind;
    int qubits = b.qubits;
    double coherence = b.coherenceTimeS;
    YamlMap n = null;
    if (d.has("node")) {
      n = d.map("node", "a mapping of node fields");
      n.checkKeys(Fields.NODE_DEFAULTS);
      kind = n.string("kind", Fields.KIND, kind);
      qubits = n.has("qubits") ? n.intValue("qubits", Fields.QUBITS) : qubits;
      coherence = n.number("coherence_time_s", Fields.COHERENCE, coherence);
      try {
        // A probe entry: the record constructor is the single source of the value rules.
        new NodeConfig("defaults", kind, qubits, coherence, Double.NaN, Double.NaN);
      } catch (ConfigException e) {
        throw Fields.translate(n, e);
      }
    }
    double att = b.attenuationDbPerKm;
    double index = b.refractiveIndex;
    double fidelity = b.fidelity;
    double efficiency = b.efficiency;
    double rate = b.attemptRateHz;
    YamlMap l = null;
    if (d.has("link")) {
      l = d.map("link", "a mapping of link fields");
      l.checkKeys(Fields.LINK_DEFAULTS);
      att = l.number("attenuation_db_per_km", Fields.ATTENUATION, att);
      index = l.number("refractive_index", Fields.INDEX, index);
      fidelity = l.number("fidelity", Fields.FIDELITY, fidelity);
      efficiency = l.number("efficiency", Fields.EFFICIENCY, efficiency);
      rate = l.number("attempt_rate_hz", Fields.RATE, rate);
      try {
        new LinkConfig("a", "b", 1, att, index, fidelity, efficiency, rate);
      } catch (ConfigException e) {
        throw Fields.translate(l, e);
      }
    }
    return new Defaults(kind, qubits, coherence, att, index, fidelity, efficiency, rate, n, l);
  }
}
