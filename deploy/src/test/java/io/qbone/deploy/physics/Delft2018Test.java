package io.qbone.deploy.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qbone.deploy.run.ResultsJson;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.hardware.DeterministicDelivery;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * scenarios/delft-2018.yaml run end to end on the embedded cluster: the heralded NV link of
 * Humphreys et al., Nature 558, 268 (2018). Expected values are computed here from the paper's
 * single-click model with the scenario's numbers, not by calling the scheme classes.
 */
class Delft2018Test {
  // The scenario's numbers (nv_centre preset; sources in the YAML and in Platform.java).
  static final double ALPHA = 0.1;
  static final double KM = 0.002;
  static final double DETECTION = 3.5e-4; // emission x detector efficiency, per emission
  static final double DB_PER_KM = 5.0;
  static final double DARK = 5e-7;
  static final double VISIBILITY = 0.9;
  static final double PHASE_NOISE_RAD = Math.toRadians(15);
  static final double ATTEMPT_NS = 5.5e3;
  static final double GROUP_INDEX = 1.45;
  static final double MEMORY_T_NS = 0.4e9;
  static final double DURATION_S = 60;
  /** The paper's decoherence rate of the remote state, Hz (abstract). */
  static final double DECAY_HZ = 5;

  static JsonNode outcome;

  @BeforeAll
  static void run() throws Exception {
    Scenario s = ScenarioLoader.load(Path.of("..", "scenarios", "delft-2018.yaml"));
    outcome = ResultsJson.outcome(ScenarioRunner.run(s, new RunOptions(1, 2, 0, true)));
  }

  /** Herald round trip over the fiber, ns (rounded as the engine does). */
  static long delayNs() {
    return Math.round(KM * 1000 * GROUP_INDEX / 299_792_458.0 * 1e9);
  }

  /** Photon efficiency of one end: emission x detector x fiber over half the link. */
  static double eta() {
    return DETECTION * Math.pow(10, -DB_PER_KM * KM / 2 / 10);
  }

  /** Per-attempt heralds of the single-click protocol: {good, double excitation, dark}. */
  static double[] heralds() {
    double a = ALPHA;
    double eta = eta();
    return new double[] {
      a * (1 - a) * 2 * eta * (1 - DARK),                // one photon, either node
      a * a * (1 - (1 - eta) * (1 - eta)) * (1 - DARK), // both bright: |11>
      (1 - a * eta) * (1 - a * eta) * 2 * DARK * (1 - DARK) // a dark count, nothing else
    };
  }

  static double successProbability() {
    double[] h = heralds();
    return h[0] + h[1] + h[2];
  }

  /**
   * Fidelity of a heralded pair: the good herald keeps phase coherence c = sqrt(V) E[cos phi]
   * with E[cos phi] = exp(-sigma^2/2) for Gaussian phase noise; |11> has no Phi+ part; a dark
   * count leaves the pair maximally mixed (docs/physics.md section 8).
   */
  static double freshFidelity() {
    double[] h = heralds();
    double c = Math.sqrt(VISIBILITY) * Math.exp(-PHASE_NOISE_RAD * PHASE_NOISE_RAD / 2);
    return (h[0] * (1 + c) / 2 + h[2] / 4) / successProbability();
  }

  @Test
  void heraldedFidelityIsTheSingleClickFidelityAfterTheHeraldDelay() {
    JsonNode fid = outcome.get("flows").get(0).get("fidelity");
    // Both qubits wait one herald delay in depolarising memories (survival e^(-t/T) each):
    // F -> s^2 F + (1 - s^2)/4.
    double s = Math.exp(-delayNs() / MEMORY_T_NS);
    double expected = s * s * freshFidelity() + (1 - s * s) / 4;
    // Same closed form, only floating-point rounding between: 1e-12.
    assertEquals(expected, fid.get("min").asDouble(), 1e-12);
    assertEquals(expected, fid.get("max").asDouble(), 1e-12);
    // Humphreys et al.: ideal single-click pairs have F = 1 - alpha (small eta); visibility,
    // phase noise and dark counts only lower it.
    assertTrue(expected < 1 - ALPHA, "F = " + expected);
    // Entangled (F > 1/2), as the paper's delivery of F > 0.5 requires.
    assertTrue(expected > 0.5, "F = " + expected);
  }

  @Test
  void heraldedRateIsPOverTheAttemptPeriodWithinThreeSigma() {
    JsonNode link = outcome.get("links").get(0);
    long periodNs = Math.round(ATTEMPT_NS + delayNs()); // emission + herald round trip
    assertEquals(periodNs, link.get("attempt_period_ns").asLong());
    double p = successProbability();
    // Same formula, different summation order: 1e-15 relative.
    assertEquals(p, link.get("success_probability").asDouble(), p * 1e-12);
    // Attempts run back to back after the far end's qubits are granted (request there and back).
    double slots = (DURATION_S * 1e9 - 2 * delayNs()) / periodNs;
    double sigma = Math.sqrt(slots * p * (1 - p));
    long generated = link.get("generated_pairs").asLong();
    // Binomial count of heralds: within 3 sigma of p x slots.
    assertEquals(p * slots, generated, 3 * sigma);
    assertTrue(Math.abs(outcome.get("flows").get(0).get("delivered_pairs").asLong() - generated)
        <= 1);
    // Humphreys et al. report entangling rates "up to 39 Hz"; alpha = 0.1 sits below that.
    assertTrue(generated / DURATION_S < 39, generated / DURATION_S + " Hz");
  }

  @Test
  void measuredRateAndFidelityDeliverAboveOneHalfEveryHundredMillisecondCycle() {
    double rEnt = outcome.get("links").get(0).get("generated_pairs").asDouble() / DURATION_S;
    double fresh = outcome.get("flows").get(0).get("fidelity").get("mean").asDouble();
    // Quantum link efficiency r_ent / r_dec must exceed about 0.83 for F_det > 1/2
    // (Humphreys et al., Eq. (2) and text).
    double etaLink = rEnt / DECAY_HZ;
    assertTrue(etaLink > 0.83, "eta_link = " + etaLink);
    // Fixed cycle T = 100 ms (the paper's clock): first success at t ~ Exp(r_ent), Werner
    // parameter decays at r_dec until T (docs/physics.md section 9):
    // lambda(T) = lambda0 r (e^(-g T) - e^(-r T)) / (r - g), F_det = (1 + 3 lambda)/4.
    double t = 0.1;
    double lambda0 = (4 * fresh - 1) / 3;
    double lambda = lambda0 * rEnt * (Math.exp(-DECAY_HZ * t) - Math.exp(-rEnt * t))
        / (rEnt - DECAY_HZ);
    double fDet = (1 + 3 * lambda) / 4;
    // Paper: "average entanglement fidelity exceeding 0.5 at every clock cycle of 100 ms".
    assertTrue(fDet > 0.5, "F_det(100 ms) = " + fDet);
    // The optimal cycle (Eq. (2) with F_fresh < 1) can only do better than a fixed one.
    assertTrue(DeterministicDelivery.maxFidelity(etaLink, fresh) >= fDet - 1e-12);
  }
}
