package io.qbone.deploy.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qbone.deploy.run.ResultsJson;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.ScenarioLoader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * A two-link repeater chain with single-click links (different lengths, alphas and end
 * efficiencies), T1/T2 memories and noisy swaps, run end to end. The expected fidelity is
 * composed by hand from the single-click herald mix, the Klein-group convolution, the swap's
 * depolarising gate noise and the twirled T1/T2 decay (docs/physics.md sections 3, 4, 8), so the
 * check covers the wiring (which link gets which memories, which node's noise applies where), not
 * only the models.
 */
class HeraldedChainTest {
  static final double GATE = 0.02;
  static final double VISIBILITY = 0.95;
  static final double MISALIGNMENT = 0.01;
  static final double DETECTOR = 0.9;
  static final double DARK = 1e-6;
  static final double[] EMISSION = {0.4, 0.6, 0.5};
  static final double[] KM = {10, 20};
  static final double[] ALPHA = {0.05, 0.1};
  static final double T1_S = 0.1;
  static final double T2_S = 0.05;

  static String scenario(String memory) {
    return """
        qbone: 1
        name: heralded-chain
        seed: 7
        duration_s: 0.2
        routing: hops
        defaults:
          node: {gate_depolarizing: 0.02}
          link:
            scheme: single-click
            bright_state_population: 0.05
            visibility: 0.95
            misalignment_error: 0.01
            detector_efficiency: 0.9
            dark_count_probability: 0.000001
            attempt_rate_hz: 1000000
        nodes:
          - {name: n0, kind: end, emission_efficiency: 0.4%1$s}
          - {name: n1, emission_efficiency: 0.6%1$s}
          - {name: n2, kind: end, emission_efficiency: 0.5%1$s}
        links:
          - {a: n0, b: n1, length_km: 10}
          - {a: n1, b: n2, length_km: 20, bright_state_population: 0.1}
        flows:
          - {name: f, from: n0, to: n2}
        """.formatted(memory);
  }

  static JsonNode run(String yaml) throws Exception {
    var s = ScenarioLoader.load("heralded-chain.yaml", new StringReader(yaml));
    return ResultsJson.outcome(ScenarioRunner.run(s, new RunOptions(1, 2, 0, true)));
  }

  /** Fresh state of link l (Pauli weights I, X, Z, Y) from the single-click herald mix. */
  static double[] fresh(int l) {
    double a = ALPHA[l];
    double t = Math.pow(10, -0.2 * KM[l] / 2 / 10); // 0.2 dB/km over half the link
    double etaA = EMISSION[l] * t * DETECTOR;
    double etaB = EMISSION[l + 1] * t * DETECTOR;
    double good = a * (1 - a) * (etaA + etaB) * (1 - DARK);
    double both = a * a * (1 - (1 - etaA) * (1 - etaB)) * (1 - DARK);
    double dark = (1 - a * etaA) * (1 - a * etaB) * 2 * DARK * (1 - DARK);
    double p = good + both + dark;
    double c = Math.sqrt(VISIBILITY) * (1 - 2 * MISALIGNMENT);
    return new double[] {
      (good * (1 + c) / 2 + dark / 4) / p,
      (both / 2 + dark / 4) / p,
      (good * (1 - c) / 2 + dark / 4) / p,
      (both / 2 + dark / 4) / p};
  }

  /** Klein-group convolution, written out: index = x | z << 1, product = XOR. */
  static double[] convolve(double[] u, double[] v) {
    double[] out = new double[4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        out[i ^ j] += u[i] * v[j];
      }
    }
    return out;
  }

  /** Swap with two-qubit depolarising gate noise: (1 - g)(u * v) + g/4. */
  static double[] swap(double[] u, double[] v) {
    double[] w = convolve(u, v);
    for (int k = 0; k < 4; k++) {
      w[k] = (1 - GATE) * w[k] + GATE / 4;
    }
    return w;
  }

  /** One qubit stored for t seconds: twirled T1/T2 Pauli channel. */
  static double[] decayed(double[] w, double t) {
    double a = Math.exp(-t / T2_S);
    double b = Math.exp(-t / T1_S);
    return convolve(w, new double[] {(1 + 2 * a + b) / 4, (1 - b) / 4, (1 - 2 * a + b) / 4,
        (1 - b) / 4});
  }

  static double delayS(double km) {
    return Math.round(km * 1000 * 1.468 / 299_792_458.0 * 1e9) / 1e9;
  }

  /** End-to-end fidelity when the four stored qubits waited the given times (seconds). */
  static double fidelity(double end0, double left1, double right1, double end2) {
    double[] w = swap(decayed(decayed(fresh(0), left1), right1), fresh(1));
    return decayed(decayed(w, end0), end2)[0];
  }

  @Test
  void withoutMemoryDecayEveryPairHasTheComposedFidelity() throws Exception {
    JsonNode fid = run(scenario("")).get("flows").get(0).get("fidelity");
    double expected = swap(fresh(0), fresh(1))[0];
    // Exact algebra on both sides, only rounding: 1e-12.
    assertEquals(expected, fid.get("min").asDouble(), 1e-12);
    assertEquals(expected, fid.get("max").asDouble(), 1e-12);
    // Not a Werner chain: the Werner recursion from the two fidelities differs by far more than
    // the 1e-12 tolerance (about 1e-5 here), so the check tells the Bell-diagonal algebra from
    // the Werner shortcut.
    double f1 = fresh(0)[0];
    double f2 = fresh(1)[0];
    double werner = (1 - GATE) * (f1 * f2 + (1 - f1) * (1 - f2) / 3) + GATE / 4;
    assertTrue(Math.abs(werner - expected) > 1e-7, werner + " vs " + expected);
  }

  @Test
  void withT1T2MemoriesFidelityLiesBetweenNoWaitAndLatencyBounds() throws Exception {
    JsonNode flow = run(scenario(", t1_s: 0.1, t2_s: 0.05")).get("flows").get(0);
    JsonNode fid = flow.get("fidelity");
    assertTrue(flow.get("delivered_pairs").asLong() > 30, flow.toString());
    double d1 = delayS(KM[0]);
    double d2 = delayS(KM[1]);
    // No waiting: the repeater's qubits wait for their own heralds (d1, d2), the end qubits
    // also for the swap result (d + max(d1, d2)). Decay only lowers fidelity while F > 1/2, so
    // no pair can beat this.
    double noWait = fidelity(d1 + Math.max(d1, d2), d1, d2, d2 + Math.max(d1, d2));
    assertTrue(fid.get("max").asDouble() <= noWait + 1e-12, fid + " vs " + noWait);
    // Every qubit of a pair waited at most the pair's latency L (delivery - oldest emission),
    // so F >= fidelity(L, L, L, L). Fewer than 1 % of pairs have L above the p99 latency, so
    // the 5th-percentile fidelity is at least the bound at p99 latency.
    double p99 = flow.get("latency_ms").get("p99").asDouble() / 1e3;
    double floor = fidelity(p99, p99, p99, p99);
    assertTrue(floor > 0.5, "bound " + floor + " must stay where decay is monotone");
    assertTrue(fid.get("p5").asDouble() >= floor - 1e-9, fid + " vs " + floor);
    // And the memories do act: the mean is below the decay-free composition.
    assertTrue(fid.get("mean").asDouble() < swap(fresh(0), fresh(1))[0] - 1e-4, fid.toString());
  }
}
