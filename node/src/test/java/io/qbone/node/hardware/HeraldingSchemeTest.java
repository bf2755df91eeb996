package io.qbone.node.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.physics.BellDiagonal;
import org.junit.jupiter.api.Test;

/** Closed forms of the heralding schemes. */
class HeraldingSchemeTest {
  private static final FiberParams FIBER = new FiberParams(0.2, 1.468, 0);
  private static final DetectorParams NO_DARK = new DetectorParams(0.9, 0, 0);
  private static final MemoryParams MEM = new MemoryParams(
      0.5, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1, Double.POSITIVE_INFINITY);

  private static LinkHardware hw(FiberParams f, DetectorParams d, PhotonSourceParams s,
      BsmParams bsm) {
    return new LinkHardware(f, s, d, bsm, MEM, MEM);
  }

  private static LinkHardware ideal() {
    return hw(FIBER, NO_DARK, new PhotonSourceParams(1e6, 0), BsmParams.LINEAR_OPTICS);
  }

  @Test
  void barrettKokSucceedsWithEtaSquaredOverTwo() {
    for (double km : new double[] {0.001, 1, 10, 50, 100}) {
      LinkHardware h = ideal();
      double eta = 0.5 * Math.pow(10, -0.02 * km / 2) * 0.9; // emission x T(L/2) x detector
      LinkPhysics l = new DoubleClick(1).link(h, km);
      // Issue 3: Barrett–Kok success eta^2/2 (linear-optics BSM); same formula, 1e-15 relative.
      assertEquals(eta * eta / 2, l.successProbability(), 1e-15 * eta * eta);
      assertEquals(1.0, l.freshState().fidelity(), 1e-15); // ideal BK heralds Psi± exactly
    }
    // A deterministic BSM doubles it: eta^2.
    LinkHardware det = hw(FIBER, NO_DARK, new PhotonSourceParams(1e6, 0), BsmParams.DETERMINISTIC);
    double eta = 0.5 * Math.pow(10, -0.02 * 5) * 0.9;
    assertEquals(eta * eta, new DoubleClick(1).link(det, 10).successProbability(), 1e-15);
  }

  @Test
  void singleClickFidelityOneMinusAlphaAndRateTwoAlphaEta() {
    for (double alpha : new double[] {0.01, 0.05, 0.1, 0.3}) {
      for (double km : new double[] {1, 20, 100}) {
        LinkHardware h = ideal();
        double eta = h.photonEfficiency(MEM, km);
        LinkPhysics l = new SingleClick(alpha, 1).link(h, km);
        // Exact for this model (no dark counts, V = 1): p = alpha eta (2 - alpha eta),
        // F = 2(1 - alpha)/(2 - alpha eta); 1e-15 relative.
        assertEquals(alpha * eta * (2 - alpha * eta), l.successProbability(), 1e-15 * eta);
        assertEquals(2 * (1 - alpha) / (2 - alpha * eta), l.freshState().fidelity(), 1e-15);
        // Issue 3 / Humphreys et al. 2018: F ≈ 1 - alpha, p ≈ 2 alpha eta. The approximation
        // errors are exactly (1 - alpha) alpha eta/(2 - alpha eta) and (alpha eta)^2: bound them.
        assertEquals(1 - alpha, l.freshState().fidelity(), alpha * eta + 1e-15);
        assertEquals(2 * alpha * eta, l.successProbability(), 1.01 * Math.pow(alpha * eta, 2));
      }
    }
  }

  @Test
  void singleClickNoiseTerms() {
    double alpha = 0.1;
    double km = 10;
    // Visibility V and misalignment e multiply the phase coherence: c = sqrt(V)(1 - 2e).
    LinkHardware noisy = hw(new FiberParams(0.2, 1.468, 0.02), NO_DARK,
        new PhotonSourceParams(1e6, 0), BsmParams.LINEAR_OPTICS);
    LinkPhysics l = new SingleClick(alpha, 0.81).link(noisy, km);
    double eta = noisy.photonEfficiency(MEM, km);
    double good = 2 * alpha * (1 - alpha) * eta;
    double c = 0.9 * (1 - 0.04);
    assertEquals(good * (1 + c) / 2 / l.successProbability(), l.freshState().fidelity(), 1e-14);
    assertEquals(good * (1 - c) / 2 / l.successProbability(),
        l.freshState().weight(BellDiagonal.Z), 1e-14);

    // Far beyond the loss budget only dark counts herald: p -> 2d, state -> maximally mixed.
    LinkHardware dark = hw(FIBER, new DetectorParams(0.9, 1e-5, 0), new PhotonSourceParams(1e6, 0),
        BsmParams.LINEAR_OPTICS);
    LinkPhysics far = new SingleClick(alpha, 1).link(dark, 1000);
    // Real photons still add 2 alpha (1 - alpha) eta ≈ 8e-12 at 1000 km: tolerance 1e-10.
    assertEquals(2 * 1e-5 * (1 - 1e-5), far.successProbability(), 1e-10);
    assertEquals(0.25, far.freshState().fidelity(), 1e-6);
  }

  @Test
  void attemptPeriods() {
    LinkHardware h = ideal(); // 1 MHz source: 1000 ns per emission
    long delay = FIBER.delayNs(20);
    assertEquals(1000 + delay, new SingleClick(0.1, 1).link(h, 20).attemptPeriodNs());
    assertEquals(2000 + delay, new DoubleClick(1).link(h, 20).attemptPeriodNs());
    // The midpoint source is not limited by the herald's round trip.
    assertEquals(1000, new SourceInTheMiddle(1).link(h, 20).attemptPeriodNs());
    assertEquals(1000, new SourceInTheMiddle(1).link(h, 200).attemptPeriodNs());
    // Detector dead time bounds the period from below.
    LinkHardware slow = hw(FIBER, new DetectorParams(0.9, 0, 5000), new PhotonSourceParams(1e6, 0),
        BsmParams.LINEAR_OPTICS);
    assertEquals(5000, new SourceInTheMiddle(1).link(slow, 20).attemptPeriodNs());
  }

  @Test
  void sourceInTheMiddleMultiPairNoise() {
    for (double mu : new double[] {1e-3, 0.01, 0.1}) {
      LinkHardware h = hw(FIBER, NO_DARK, new PhotonSourceParams(1e6, mu), BsmParams.LINEAR_OPTICS);
      LinkPhysics l = new SourceInTheMiddle(1).link(h, 200); // h ≈ 2e-3: the small-h regime
      double hEnd = 0.5 * 0.5 * Math.pow(10, -0.02 * 100) * 0.81;
      double x = mu / (1 + mu);
      // Exact sum for d = 0: p = sum_n (1-x) x^n (1 - (1-h)^n)^2, in closed form
      // 1 - 2(1-x)/(1 - x(1-h)) + (1-x)/(1 - x(1-h)^2).
      double exact = 1 - 2 * (1 - x) / (1 - x * (1 - hEnd))
          + (1 - x) / (1 - x * (1 - hEnd) * (1 - hEnd));
      // The closed form subtracts numbers of order 1 to get p ~ 1e-9..1e-6, so it is only good
      // to ~1e-16/p relative (5e-8 at p = 4e-9); the model sums terms without cancellation.
      assertEquals(exact, l.successProbability(), 1e-6 * exact);
      assertEquals((1 - x) * x * hEnd * hEnd / exact,
          (4 * l.freshState().fidelity() - 1) / 3, 1e-6); // good fraction = Werner parameter
      // Small h: good fraction -> P(1)/<n^2> = 1/((1+mu)^2 (1+2mu)) (thermal <n^2> = mu + 2mu^2);
      // corrections O(h) relative.
      double smallH = 1 / ((1 + mu) * (1 + mu) * (1 + 2 * mu));
      assertEquals(smallH, (4 * l.freshState().fidelity() - 1) / 3, 5 * hEnd);
    }
    // More pump power: more pairs, worse states.
    LinkHardware lo = hw(FIBER, NO_DARK, new PhotonSourceParams(1e6, 0.01), BsmParams.LINEAR_OPTICS);
    LinkHardware hi = hw(FIBER, NO_DARK, new PhotonSourceParams(1e6, 0.2), BsmParams.LINEAR_OPTICS);
    assertTrue(new SourceInTheMiddle(1).link(hi, 10).successProbability()
        > new SourceInTheMiddle(1).link(lo, 10).successProbability());
    assertTrue(new SourceInTheMiddle(1).link(hi, 10).freshState().fidelity()
        < new SourceInTheMiddle(1).link(lo, 10).freshState().fidelity());
  }

  @Test
  void linkPhysicsIsPerLinkNotPerNode() {
    // One node (same memory) on a short and a long link: different p and different fidelity.
    LinkHardware h = hw(FIBER, new DetectorParams(0.9, 1e-6, 0), new PhotonSourceParams(1e6, 0),
        BsmParams.LINEAR_OPTICS);
    LinkPhysics shortLink = new DoubleClick(1).link(h, 5);
    LinkPhysics longLink = new DoubleClick(1).link(h, 150);
    assertTrue(shortLink.successProbability() > longLink.successProbability());
    assertTrue(shortLink.freshState().fidelity() > longLink.freshState().fidelity());
  }

  @Test
  void presetsBuildLinks() {
    for (Platform platform : Platform.values()) {
      PlatformPreset preset = platform.preset();
      // 1 km: NV photons at 637 nm lose 5 dB/km, so 10 km would leave mostly dark-count heralds.
      LinkPhysics l = preset.link(1);
      assertTrue(l.successProbability() > 0 && l.successProbability() < 1, preset.name());
      assertTrue(l.freshState().fidelity() > 0.5, preset.name() + " " + l.freshState());
      assertTrue(preset.sources().length() > 100, preset.name());
    }
    // NV preset over the 2 m of Humphreys et al.: real heralds have F ≈ (1 - alpha)(1 + c)/2
    // with alpha = 0.1, c = sqrt(0.9) x (1 - 2e(15 deg)), and p ≈ 2 alpha eta with eta = 3.5e-4
    // (their total detection efficiency); dark-count heralds (2d = 1e-6 per attempt, i.e. a
    // fraction q ≈ 1.4 %) are maximally mixed. Tolerances cover the O(alpha eta) corrections.
    LinkPhysics nv = Platform.NV_CENTRE.preset().link(0.002);
    double c = Math.sqrt(0.9) * (1 - 2 * FiberParams.misalignmentFromPhaseNoise(Math.toRadians(15)));
    double pReal = 2 * 0.1 * 3.5e-4;
    double q = 1e-6 / (pReal + 1e-6);
    assertEquals((1 - q) * 0.9 * (1 + c) / 2 + q / 4, nv.freshState().fidelity(), 1e-3);
    assertEquals(pReal + 1e-6, nv.successProbability(), 1e-6);
  }
}
