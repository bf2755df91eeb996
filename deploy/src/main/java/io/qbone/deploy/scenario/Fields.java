package io.qbone.deploy.scenario;

import io.qbone.node.network.ConfigException;
import java.util.List;

/**
 * The keys of each scenario entry, what each expects (used in "expected ..." messages), and the
 * translation of a record constructor's {@link ConfigException} into a located error.
 */
final class Fields {
  static final List<String> TOP = List.of(
      "qbone", "name", "seed", "duration_s", "routing", "defaults", "nodes", "links", "flows",
      "qkd", "faults", "kme", "traffic");
  static final List<String> DEFAULTS = List.of("node", "link");
  static final List<String> NODE = List.of("name", "kind", "qubits", "coherence_time_s", "location",
      "platform", "t1_s", "t2_s", "gate_depolarizing", "emission_efficiency", "swap_bsm");
  static final List<String> NODE_DEFAULTS = List.of("kind", "qubits", "coherence_time_s",
      "platform", "t1_s", "t2_s", "gate_depolarizing", "emission_efficiency", "swap_bsm");
  static final List<String> LOCATION = List.of("lat", "lon");
  static final List<String> LINK = List.of("a", "b", "length_km", "attenuation_db_per_km",
      "refractive_index", "fidelity", "efficiency", "attempt_rate_hz", "scheme", "platform",
      "bright_state_population", "visibility", "misalignment_error", "mean_photon_number",
      "detector_efficiency", "dark_count_probability", "dead_time_ns", "optical_bsm");
  /** Link keys that only the Werner model reads. */
  static final List<String> WERNER_ONLY = List.of("fidelity", "efficiency");
  /** Link keys that only heralding schemes read. */
  static final List<String> HERALDED_ONLY = LINK.subList(LINK.indexOf("platform"), LINK.size());
  static final List<String> LINK_DEFAULTS = LINK.subList(3, LINK.size());
  static final List<String> FLOW = List.of("name", "from", "to", "start_s");

  static final String NODE_NAME = "a node name";
  static final String KIND = "'end' or 'repeater'";
  static final String QUBITS = "a non-negative integer (memory qubits; omit for automatic)";
  static final String COHERENCE = "a number > 0 (seconds; omit for no decay)";
  static final String LAT = "a number (degrees latitude)";
  static final String LON = "a number (degrees longitude)";
  static final String LOCATION_MAP = "a mapping {lat, lon}";
  static final String LENGTH = "a number > 0 (km)";
  static final String ATTENUATION = "a number >= 0 (dB/km)";
  static final String INDEX = "a number >= 1 (group index)";
  static final String FIDELITY = "a number between 0.25 and 1";
  static final String EFFICIENCY = "a number in (0, 1]";
  static final String RATE = "a number >= 0 (Hz; 0: limited by heralding only)";
  static final String T1 = "a number > 0 (seconds; omit for no relaxation)";
  static final String T2 = "a number > 0 and <= 2 t1_s (seconds)";
  static final String PROBABILITY = "a probability in [0, 1]";
  static final String EFFICIENCY_01 = "an efficiency in (0, 1]";
  static final String PLATFORM = "one of: nv_centre, trapped_ion, atomic_ensemble, all_photonic";
  static final String SCHEME = "one of: werner, single-click, double-click, source-in-the-middle";
  static final String ALPHA = "a number in (0, 1) (bright-state population alpha)";
  static final String MISALIGNMENT = "a probability in [0, 0.5]";
  static final String MEAN_PHOTONS = "a number >= 0 (SPDC mean pairs per mode)";
  static final String DEAD_TIME = "a number >= 0 (ns)";
  static final String BSM = "one of: linear-optics, deterministic";
  static final String FLOW_NAME = "a flow name";
  static final String START = "a number >= 0 (virtual seconds)";

  private Fields() {}

  /** Scenario spelling of a record field ({@code NodeConfig} names its location fields in full). */
  static String yamlKey(String recordField) {
    return switch (recordField) {
      case "latitude" -> "location.lat";
      case "longitude" -> "location.lon";
      case "rate_hz" -> "attempt_rate_hz";
      case "bsm" -> "optical_bsm";
      default -> recordField;
    };
  }

  /**
   * Locates a constructor's complaint at the field's line, or at the entry's line when the value
   * was not written in the entry (it came from a default), and rewords "'f' must be X, got Y" as
   * "expected X, got Y" like every other scenario error.
   */
  static ScenarioException translate(YamlMap entry, ConfigException e) {
    String key = yamlKey(e.field());
    String message = e.getMessage();
    String prefix = "'" + e.field() + "' must be ";
    if (message != null && message.startsWith(prefix)) {
      message = "expected " + message.substring(prefix.length());
    }
    return new ScenarioException(entry.file(), lineOfPath(entry, key), entry.path(key), message);
  }

  /** Line of a possibly nested key such as {@code location.lat}, else of the entry. */
  private static int lineOfPath(YamlMap entry, String dotted) {
    int dot = dotted.indexOf('.');
    if (dot < 0) {
      return entry.lineOf(dotted);
    }
    String head = dotted.substring(0, dot);
    if (entry.get(head) instanceof org.snakeyaml.engine.v2.nodes.MappingNode) {
      return lineOfPath(entry.map(head, LOCATION_MAP), dotted.substring(dot + 1));
    }
    return entry.lineOf(head);
  }
}
