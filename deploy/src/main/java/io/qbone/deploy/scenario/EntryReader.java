package io.qbone.deploy.scenario;

import io.qbone.node.network.ConfigException;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.TopologyException.Part;
import io.qbone.router.traffic.FlowConfig;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Turns one node, link or flow entry into its record: fills omitted fields from the defaults,
 * records the source line of the entry and of each field, and locates the record's own checks.
 */
final class EntryReader {
  private final Defaults defaults;
  private final SourceLocations locations;

  EntryReader(Defaults defaults, SourceLocations locations) {
    this.defaults = defaults;
    this.locations = locations;
  }

  NodeConfig node(YamlMap m, int i) {
    m.checkKeys(Fields.NODE);
    locate(Part.NODE, i, m);
    String name = m.string("name", Fields.NODE_NAME);
    String kind = m.string("kind", Fields.KIND, defaults.kind());
    int qubits = m.has("qubits") ? m.intValue("qubits", Fields.QUBITS) : defaults.qubits();
    Layered in = new Layered(m, defaults.nodeSection());
    HardwareReader.Memory mem = HardwareReader.memory(in, Defaults.BUILT_IN.coherenceTimeS());
    double lat = Double.NaN;
    double lon = Double.NaN;
    if (m.has("location")) {
      YamlMap loc = m.map("location", Fields.LOCATION_MAP);
      loc.checkKeys(Fields.LOCATION);
      lat = loc.number("lat", Fields.LAT);
      lon = loc.number("lon", Fields.LON);
      locations.put(Part.NODE, i, "location.lat", loc.lineOf("lat"));
      locations.put(Part.NODE, i, "location.lon", loc.lineOf("lon"));
    }
    try {
      return new NodeConfig(name, kind, qubits, mem.coherenceTimeS(), lat, lon, mem.t1S(),
          mem.t2S(), mem.gateDepolarizing(), mem.emissionEfficiency(), mem.swapSuccess());
    } catch (ConfigException e) {
      throw in.translate(e);
    }
  }

  LinkConfig link(YamlMap m, int i) {
    m.checkKeys(Fields.LINK);
    locate(Part.LINK, i, m);
    Defaults d = defaults;
    String a = m.string("a", Fields.NODE_NAME);
    String b = m.string("b", Fields.NODE_NAME);
    double length = m.number("length_km", Fields.LENGTH);
    Layered in = new Layered(m, d.linkSection());
    String scheme = HardwareReader.schemeName(in);
    boolean werner = scheme.equals(HardwareReader.WERNER);
    // Keys written in the entry must belong to its model; the defaults may serve both kinds.
    for (String key : werner ? Fields.HERALDED_ONLY : Fields.WERNER_ONLY) {
      if (m.has(key)) {
        throw m.error(key, werner
            ? "expected no '" + key + "' on a Werner-model link (set scheme: single-click, "
                + "double-click or source-in-the-middle to describe hardware)"
            : "expected no '" + key + "' on a " + scheme + " link (the scheme computes the "
                + "fresh state and success probability from the hardware)");
      }
    }
    if (!werner) {
      var spec = HardwareReader.heraldedLink(in, scheme);
      try {
        return LinkConfig.ofHeralded(a, b, length, spec);
      } catch (ConfigException e) {
        throw Fields.translate(m, e);
      }
    }
    try {
      return new LinkConfig(a, b, length,
          m.number("attenuation_db_per_km", Fields.ATTENUATION, d.attenuationDbPerKm()),
          m.number("refractive_index", Fields.INDEX, d.refractiveIndex()),
          m.number("fidelity", Fields.FIDELITY, d.fidelity()),
          m.number("efficiency", Fields.EFFICIENCY, d.efficiency()),
          m.number("attempt_rate_hz", Fields.RATE, d.attemptRateHz()));
    } catch (ConfigException e) {
      throw Fields.translate(m, e);
    }
  }

  FlowConfig flow(YamlMap m, int i) {
    m.checkKeys(Fields.FLOW);
    locate(Part.FLOW, i, m);
    String from = m.string("from", Fields.NODE_NAME);
    String to = m.string("to", Fields.NODE_NAME);
    String name = m.string("name", Fields.FLOW_NAME, from + "-" + to);
    double start = m.number("start_s", Fields.START, 0);
    FlowConfig flow;
    try {
      flow = new FlowConfig(name, from, to, start);
    } catch (ConfigException e) {
      throw Fields.translate(m, e);
    }
    Ranges.instant(m, "start_s", start);
    return flow;
  }

  /** Lines of the entry and of each of its keys' values (nested mappings by their own key). */
  private void locate(Part part, int i, YamlMap m) {
    locations.put(part, i, null, m.line());
    for (NodeTuple t : m.entries()) {
      String key = ((ScalarNode) t.getKeyNode()).getValue();
      int line = t.getValueNode() instanceof MappingNode
          ? YamlValues.line(t.getKeyNode())
          : YamlValues.line(t.getValueNode());
      locations.put(part, i, key, line);
    }
  }
}
