package io.qbone.deploy.scenario;

import io.qbone.node.hardware.BsmParams;
import io.qbone.node.hardware.DetectorParams;
import io.qbone.node.hardware.DoubleClick;
import io.qbone.node.hardware.FiberParams;
import io.qbone.node.hardware.HeraldedLinkSpec;
import io.qbone.node.hardware.HeraldingScheme;
import io.qbone.node.hardware.PhotonSourceParams;
import io.qbone.node.hardware.Platform;
import io.qbone.node.hardware.PlatformPreset;
import io.qbone.node.hardware.SingleClick;
import io.qbone.node.hardware.SourceInTheMiddle;
import io.qbone.node.network.ConfigException;
import java.util.List;

/**
 * Reads the hardware fields of nodes (memory model, swap noise, emission) and of heralded links
 * (scheme and its hardware). Each value comes from the entry, else the {@code defaults} section,
 * else the entry's {@code platform} preset, else the built-in default of its hardware record
 * (docs/scenario-reference.md, docs/physics.md section 7).
 */
final class HardwareReader {
  static final String WERNER = "werner";

  private HardwareReader() {}

  /** A node's memory: coherence time, T1, T2, swap gate noise and emission efficiency. */
  record Memory(double coherenceTimeS, double t1S, double t2S, double gateDepolarizing,
      double emissionEfficiency, double swapSuccess) {}

  static Memory memory(Layered in, double builtInCoherenceS) {
    PlatformPreset preset = platform(in);
    // The nearest mapping that says anything about decay chooses the model on its own, so a node
    // may give t1_s/t2_s although the defaults set coherence_time_s (or the reverse).
    YamlMap m = firstSettingDecay(in);
    double coherence = builtInCoherenceS;
    double t1 = Double.POSITIVE_INFINITY;
    double t2 = Double.POSITIVE_INFINITY;
    if (m != null) {
      if (m.has("coherence_time_s") && (m.has("t1_s") || m.has("t2_s"))) {
        String other = m.has("t1_s") ? "t1_s" : "t2_s";
        throw m.error(other, "expected either coherence_time_s (depolarising memory) or t1_s/t2_s "
            + "(T1/T2 memory), got both");
      }
      coherence = m.number("coherence_time_s", Fields.COHERENCE, Double.POSITIVE_INFINITY);
      t1 = m.number("t1_s", Fields.T1, Double.POSITIVE_INFINITY);
      // An omitted T2 is the relaxation limit 2 T1 (no pure dephasing).
      t2 = m.number("t2_s", Fields.T2, 2 * t1);
    } else if (preset != null) {
      coherence = Double.POSITIVE_INFINITY;
      t1 = preset.memory().t1S();
      t2 = preset.memory().t2S();
    }
    double gate = in.number("gate_depolarizing", Fields.PROBABILITY,
        preset == null ? 0 : preset.nodeBsm().gateDepolarizing());
    double emission = in.number("emission_efficiency", Fields.EFFICIENCY_01,
        preset == null ? 1 : preset.memory().emissionEfficiency());
    BsmParams swapBsm = bsm(in, "swap_bsm",
        preset == null ? BsmParams.DETERMINISTIC : preset.nodeBsm());
    return new Memory(coherence, t1, t2, gate, emission, swapBsm.successProbability());
  }

  private static YamlMap firstSettingDecay(Layered in) {
    for (String key : List.of("coherence_time_s", "t1_s", "t2_s")) {
      if (in.entry().has(key)) {
        return in.entry();
      }
    }
    for (String key : List.of("coherence_time_s", "t1_s", "t2_s")) {
      YamlMap m = in.where(key);
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  /** The link's scheme name: set, else its platform's, else the v1 Werner model. */
  static String schemeName(Layered in) {
    String name = in.string("scheme", Fields.SCHEME);
    if (name != null) {
      if (!List.of(WERNER, "single-click", "double-click", "source-in-the-middle").contains(name)) {
        throw in.error("scheme", "expected " + Fields.SCHEME + ", got '" + name + "'");
      }
      return name;
    }
    PlatformPreset preset = platform(in);
    return preset == null ? WERNER : name(preset.scheme());
  }

  /** The hardware of a link whose scheme is not Werner. */
  static HeraldedLinkSpec heraldedLink(Layered in, String schemeName) {
    PlatformPreset p = platform(in);
    FiberParams fiber = p == null ? FiberParams.DEFAULT : p.fiber();
    PhotonSourceParams source = p == null ? PhotonSourceParams.DEFAULT : p.source();
    DetectorParams detector = p == null ? DetectorParams.DEFAULT : p.detector();
    try {
      HeraldingScheme scheme = scheme(in, schemeName, p == null ? null : p.scheme());
      return new HeraldedLinkSpec(scheme,
          new FiberParams(
              in.number("attenuation_db_per_km", Fields.ATTENUATION, fiber.attenuationDbPerKm()),
              in.number("refractive_index", Fields.INDEX, fiber.refractiveIndex()),
              in.number("misalignment_error", Fields.MISALIGNMENT, fiber.misalignmentError())),
          new PhotonSourceParams(
              in.number("attempt_rate_hz", Fields.RATE, source.rateHz()),
              in.number("mean_photon_number", Fields.MEAN_PHOTONS, source.meanPhotonNumber())),
          new DetectorParams(
              in.number("detector_efficiency", Fields.EFFICIENCY_01, detector.efficiency()),
              in.number("dark_count_probability", Fields.PROBABILITY,
                  detector.darkCountProbability()),
              in.number("dead_time_ns", Fields.DEAD_TIME, detector.deadTimeNs())),
          bsm(in, "optical_bsm", p == null ? BsmParams.LINEAR_OPTICS : p.opticalBsm()));
    } catch (ConfigException e) {
      throw in.translate(e);
    }
  }

  private static HeraldingScheme scheme(Layered in, String name, HeraldingScheme preset) {
    if (!name.equals("single-click") && in.entry().has("bright_state_population")) {
      throw in.entry().error("bright_state_population",
          "expected no bright_state_population for scheme " + name + " (single-click only)");
    }
    double visibility = in.number("visibility", Fields.PROBABILITY,
        preset == null ? 1 : visibility(preset));
    return switch (name) {
      case "single-click" -> {
        double alpha = in.number("bright_state_population", Fields.ALPHA,
            preset instanceof SingleClick s ? s.brightStatePopulation() : Double.NaN);
        if (Double.isNaN(alpha)) {
          throw in.error("bright_state_population", "expected " + Fields.ALPHA
              + " for scheme single-click, got nothing (no platform preset with single-click "
              + "to take it from)");
        }
        yield new SingleClick(alpha, visibility);
      }
      case "double-click" -> new DoubleClick(visibility);
      case "source-in-the-middle" -> new SourceInTheMiddle(visibility);
      default -> throw new IllegalStateException("unknown scheme " + name);
    };
  }

  /** A Bell-state measurement ({@code optical_bsm} at a station, {@code swap_bsm} in a node). */
  private static BsmParams bsm(Layered in, String key, BsmParams fallback) {
    String kind = in.string(key, Fields.BSM);
    if (kind == null) {
      return fallback;
    }
    return switch (kind) {
      case "linear-optics" -> BsmParams.LINEAR_OPTICS;
      case "deterministic" -> BsmParams.DETERMINISTIC;
      default -> throw in.error(key, "expected " + Fields.BSM + ", got '" + kind + "'");
    };
  }

  /** The entry's platform preset, or null when it names none. */
  static PlatformPreset platform(Layered in) {
    String name = in.string("platform", Fields.PLATFORM);
    if (name == null) {
      return null;
    }
    for (Platform p : Platform.values()) {
      PlatformPreset preset = p.preset();
      if (preset.name().equals(name)) {
        return preset;
      }
    }
    throw in.error("platform", "expected " + Fields.PLATFORM + ", got '" + name + "'");
  }

  static String name(HeraldingScheme s) {
    if (s instanceof SingleClick) {
      return "single-click";
    }
    return s instanceof DoubleClick ? "double-click" : "source-in-the-middle";
  }

  private static double visibility(HeraldingScheme s) {
    if (s instanceof SingleClick c) {
      return c.visibility();
    }
    return s instanceof DoubleClick d ? d.visibility() : ((SourceInTheMiddle) s).visibility();
  }
}
