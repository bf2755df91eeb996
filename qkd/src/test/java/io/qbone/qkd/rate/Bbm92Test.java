package io.qbone.qkd.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.ConfigException;
import io.qbone.node.physics.BellDiagonal;
import org.junit.jupiter.api.Test;

class Bbm92Test {
  @Test
  void wernerPairsHaveQberTwoThirdsOfInfidelityInEachBasis() {
    for (double f = 0.25; f <= 1.0; f += 0.05) {
      BellDiagonal w = BellDiagonal.werner(f);
      double q = 2 * (1 - f) / 3; // two of the three equal error weights flip each basis
      // Sums of two weights: only rounding error, 1e-15.
      assertEquals(q, Bbm92.qberZ(w), 1e-15);
      assertEquals(q, Bbm92.qberX(w), 1e-15);
      assertEquals(Math.max(0, 1 - 2 * BinaryEntropy.h(q)), Bbm92.secretFraction(w), 1e-14);
      assertEquals(Bbm92.secretFractionSymmetric(q), Bbm92.secretFraction(w), 1e-14);
    }
  }

  @Test
  void wernerKeyVanishesAtShorPreskillThreshold() {
    // Q* solves h(Q) = 1/2: 0.110028 (Shor and Preskill, PRL 85, 441 (2000)), so the Werner
    // fidelity threshold is F* = 1 - 3 Q*/2 = 0.834958. (F ~ 0.89 would be Q = 1 - F, which is
    // not the Werner relation.)
    double lo = 0;
    double hi = 0.5;
    for (int i = 0; i < 200; i++) {
      double mid = 0.5 * (lo + hi);
      if (BinaryEntropy.h(mid) < 0.5) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double qStar = lo;
    assertEquals(0.110028, qStar, 1e-6); // published to 6 digits
    double fStar = 1 - 1.5 * qStar;
    assertEquals(0.834958, fStar, 1e-6);
    assertEquals(0.0, Bbm92.secretFraction(BellDiagonal.werner(fStar)), 1e-9);
    assertTrue(Bbm92.secretFraction(BellDiagonal.werner(fStar + 1e-3)) > 0);
    assertEquals(0.0, Bbm92.secretFraction(BellDiagonal.werner(fStar - 1e-3)), 0.0);
    assertEquals(1.0, Bbm92.secretFraction(BellDiagonal.PERFECT), 0.0);
  }

  @Test
  void eachPauliErrorFlipsTheBasesItAnticommutesWith() {
    BellDiagonal xErr = BellDiagonal.ofPauliWeights(0.9, 0.1, 0, 0); // Psi+
    BellDiagonal zErr = BellDiagonal.ofPauliWeights(0.9, 0, 0.1, 0); // Phi-
    BellDiagonal yErr = BellDiagonal.ofPauliWeights(0.9, 0, 0, 0.1); // Psi-
    assertEquals(0.1, Bbm92.qberZ(xErr), 1e-15);
    assertEquals(0.0, Bbm92.qberX(xErr), 1e-15);
    assertEquals(0.0, Bbm92.qberZ(zErr), 1e-15);
    assertEquals(0.1, Bbm92.qberX(zErr), 1e-15);
    assertEquals(0.1, Bbm92.qberZ(yErr), 1e-15);
    assertEquals(0.1, Bbm92.qberX(yErr), 1e-15);
    // Dephasing only: r = 1 - h(0.1) - h(0) (closed form, rounding only).
    assertEquals(1 - BinaryEntropy.h(0.1), Bbm92.secretFraction(zErr), 1e-15);
  }

  @Test
  void rejectsQberOutsideUnitIntervalNamingTheField() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Bbm92.secretFractionSymmetric(-0.01));
    assertEquals("qber", e.field());
    e = assertThrows(ConfigException.class, () -> Bbm92.secretFraction(0.1, 1.2));
    assertEquals("qber_z", e.field());
    e = assertThrows(ConfigException.class, () -> Bbm92.secretFraction(Double.NaN, 0.1));
    assertEquals("qber_x", e.field());
  }
}
