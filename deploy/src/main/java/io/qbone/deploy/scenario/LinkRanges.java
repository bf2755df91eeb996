package io.qbone.deploy.scenario;

import io.qbone.node.network.Link;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.Topology;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Checks what a link's fields give together once its physics is known: the mean time to its
 * first heralded pair (attempt period / success probability) and its pair rate. A product such
 * as efficiency × fiber loss × a slow source passes every field's own range, yet a link needing
 * 10^300 s per pair made the engine's geometric draw overflow virtual time (the engine now
 * leaves a success beyond virtual time unscheduled; absurd values are refused here), and one
 * heralding pairs every fraction of a ns floods one instant with events.
 */
final class LinkRanges {
  private LinkRanges() {}

  static void check(YamlMap top, Topology topology, List<Node> items, YamlMap defaults,
      Ranges ranges) {
    for (int i = 0; i < items.size(); i++) {
      Link link = topology.link(i);
      double p = link.successProbability();
      double periodS = link.attemptPeriodNs() * 1e-9;
      double meanS = periodS / p;
      YamlMap entry = top.element("links", i, items.get(i), "a link mapping");
      Layered in = new Layered(entry, defaults);
      String values = "attempt period " + Ranges.g(periodS) + " s (from "
          + periodFields(link.config()) + ") and success probability " + Ranges.g(p)
          + " per attempt (from " + probabilityFields(link.config()) + ")";
      if (!(periodS <= Ranges.MAX_TIME_S)) {
        throw in.error(periodField(link), "expected a link attempting at least once per "
            + Ranges.g(Ranges.MAX_TIME_S) + " s (the longest run; a longer attempt period or "
            + "herald delay does not fit in virtual time), got " + values);
      }
      if (!(meanS <= Ranges.MAX_LINK_MEAN_WAIT_S)) {
        // Blame the factor further from the norm, in orders of magnitude: p below 1 against
        // the period above 1 ns.
        String field = -Math.log10(p) >= Math.log10(link.attemptPeriodNs())
            ? probabilityField(link.config()) : periodField(link);
        throw in.error(field, "expected a link whose mean time to a heralded pair (attempt "
            + "period / success probability) is at most " + Ranges.g(Ranges.MAX_LINK_MEAN_WAIT_S)
            + " s (the age of the universe; a link slower than virtual time, 2^63 ns or 292 "
            + "years, never heralds), got "
            + Ranges.g(meanS) + " s: " + values);
      }
      double pairsPerS = 1 / meanS;
      if (pairsPerS > ranges.maxRatePerS()) {
        throw in.error(periodField(link), "expected a link heralding at most "
            + Ranges.g(ranges.maxRatePerS()) + " pairs per s (a link may schedule at most "
            + Ranges.g(ranges.maxEventsPerMicrosecond()) + " events per virtual µs, -D"
            + Ranges.EVENTS_PROPERTY + "), got " + Ranges.g(pairsPerS) + ": " + values);
      }
    }
  }

  /** The field that set the attempt period: the source rate, the detector's dead time, or the
   * fiber's herald delay. */
  private static String periodField(Link link) {
    LinkConfig c = link.config();
    long period = link.attemptPeriodNs();
    if (c.heralded() != null && c.heralded().detector().deadTimeNs() >= period * 0.5) {
      return "dead_time_ns";
    }
    if (c.attemptRateHz() > 0 && 1e9 / c.attemptRateHz() >= link.delayNs()) {
      return "attempt_rate_hz";
    }
    return "length_km";
  }

  private static String periodFields(LinkConfig c) {
    return c.heralded() == null ? "length_km, refractive_index, attempt_rate_hz"
        : "length_km, refractive_index, attempt_rate_hz, dead_time_ns";
  }

  /** The field most likely to have made p tiny: the efficiency, else the fiber's loss. */
  private static String probabilityField(LinkConfig c) {
    double lossDb = c.attenuationDbPerKm() * c.lengthKm();
    if (c.heralded() == null) {
      return Math.log10(c.efficiency()) * 10 < -lossDb ? "efficiency" : "length_km";
    }
    double eta = c.heralded().detector().efficiency();
    return Math.log10(eta) * 10 < -lossDb ? "detector_efficiency" : "length_km";
  }

  private static String probabilityFields(LinkConfig c) {
    return c.heralded() == null ? "efficiency, length_km × attenuation_db_per_km"
        : "the scheme's hardware, detector_efficiency, length_km × attenuation_db_per_km";
  }
}
