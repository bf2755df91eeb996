package io.qbone.node.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qbone.node.network.ConfigException;
import org.junit.jupiter.api.Test;

/** Closed forms and published numbers the Bell-diagonal model must reproduce. */
class ClosedFormTest {

  @Test
  void fiberTransmissivityAtPointTwoDbPerKm() {
    for (double km : new double[] {0, 1, 10, 25, 50, 100, 300}) {
      // 10^(-0.02 L) at 0.2 dB/km (issue 3); pow vs pow, so 1e-15 relative.
      assertEquals(Math.pow(10, -0.02 * km), Fiber.transmissivity(km, 0.2),
          1e-15 * Math.pow(10, -0.02 * km));
    }
    assertEquals(0.01, Fiber.transmissivity(100, 0.2), 1e-15); // 20 dB = 1 %
  }

  @Test
  void oneStoredQubitOfPhiPlusDecaysAsT1T2ClosedForm() {
    T1T2Memory mem = new T1T2Memory(2.0, 0.5);
    for (long ns : new long[] {0, 1_000, 10_000_000, 300_000_000, 1_000_000_000, 5_000_000_000L}) {
      double t = ns * 1e-9;
      double expected = (1 + Math.exp(-t / 2.0) + 2 * Math.exp(-t / 0.5)) / 4;
      // Issue 3: F(t) = (1 + e^(-t/T1) + 2 e^(-t/T2))/4; double arithmetic, 1e-15.
      assertEquals(expected, mem.decay(BellDiagonal.PERFECT, ns).fidelity(), 1e-15);
    }
    // T1 = T2 = T is the depolarising memory: survival e^(-t/T) gives (1 + 3 e^(-t/T))/4.
    T1T2Memory iso = new T1T2Memory(1.0, 1.0);
    DepolarizingMemory dep = new DepolarizingMemory(1.0);
    BellDiagonal w = BellDiagonal.werner(0.9);
    assertEquals(dep.decay(w, 400_000_000).fidelity(), iso.decay(w, 400_000_000).fidelity(), 1e-15);
  }

  @Test
  void purificationFromWernerPointEightFirstRoundsAgree() {
    BellDiagonal w = BellDiagonal.werner(0.8);
    PurificationResult bb = Purification.BBPSSW.apply(w, w);
    PurificationResult dj = Purification.DEJMPS.apply(w, w);
    // Issue 3 quotes F' = 0.838150, p = 0.768889 (6 decimals); exactly F' = 145/173,
    // p = 173/225 (F = 4/5, e = 1/15: F' = (F^2 + e^2)/p, p = (F + e)^2 + (2e)^2).
    assertEquals(0.838150, bb.state().fidelity(), 5e-7);
    assertEquals(0.768889, bb.successProbability(), 5e-7);
    assertEquals(145.0 / 173, bb.state().fidelity(), 1e-15);
    assertEquals(173.0 / 225, bb.successProbability(), 1e-15);
    assertEquals(145.0 / 173, dj.state().fidelity(), 1e-15);
    assertEquals(173.0 / 225, dj.successProbability(), 1e-15);
    // DEJMPS keeps the non-Werner output (Deutsch et al. 1996: B' = 2CD/N, C' = (C^2+D^2)/N,
    // D' = 2AB/N): (145, 2, 24, 2)/173 in (Phi+, Psi+, Phi-, Psi-), exact fractions.
    assertEquals(2.0 / 173, dj.state().weight(BellDiagonal.X), 1e-15);
    assertEquals(24.0 / 173, dj.state().weight(BellDiagonal.Z), 1e-15);
    assertEquals(2.0 / 173, dj.state().weight(BellDiagonal.Y), 1e-15);
    // BBPSSW re-twirls: Werner of the same fidelity.
    assertEquals((1 - 145.0 / 173) / 3, bb.state().weight(BellDiagonal.Z), 1e-15);
  }

  @Test
  void purificationSecondRoundsDiffer() {
    BellDiagonal w = BellDiagonal.werner(0.8);
    PurificationSchedule.Result bb = PurificationSchedule.symmetric(w, Purification.BBPSSW, 2);
    PurificationSchedule.Result dj = PurificationSchedule.symmetric(w, Purification.DEJMPS, 2);
    // Exact rationals from the recurrences above (computed with Python fractions):
    // BBPSSW round 2: F'' = 190009/217505 = 0.873584515298..., p2 = 0.807485122197...
    // DEJMPS round 2: F'' = 21029/22285 = 0.943639219206..., p2 = 0.744595542785...
    assertEquals(190009.0 / 217505, bb.state().fidelity(), 1e-15);
    assertEquals(21029.0 / 22285, dj.state().fidelity(), 1e-15);
    assertNotEquals(bb.state().fidelity(), dj.state().fidelity(), 0.05);
    // Whole-schedule success P2 = p2 * p1^2 (both first-round pairs must survive).
    assertEquals(0.807485122197 * Math.pow(173.0 / 225, 2), bb.successProbability(), 1e-12);
    assertEquals(0.744595542785 * Math.pow(173.0 / 225, 2), dj.successProbability(), 1e-12);
    assertEquals(4, bb.rawPairs());

    PurificationResult second = Purification.DEJMPS.apply(
        Purification.DEJMPS.apply(w, w).state(), Purification.DEJMPS.apply(w, w).state());
    assertEquals(0.744595542785, second.successProbability(), 1e-12); // 12 printed decimals
  }

  @Test
  void pumpingStepsUseOneFreshPairEach() {
    BellDiagonal w = BellDiagonal.werner(0.8);
    PurificationSchedule.Result r = PurificationSchedule.pumping(w, Purification.DEJMPS, 3);
    PurificationResult s1 = Purification.DEJMPS.apply(w, w);
    PurificationResult s2 = Purification.DEJMPS.apply(s1.state(), w);
    PurificationResult s3 = Purification.DEJMPS.apply(s2.state(), w);
    assertEquals(s3.state(), r.state()); // same arithmetic, bit-identical
    assertEquals(s1.successProbability() * s2.successProbability() * s3.successProbability(),
        r.successProbability(), 1e-15);
    assertEquals(4, r.rawPairs());
    // Pumping with Werner 0.8 saturates below 1 (Dür et al. 1999): still improves on one round.
    assertEquals(true, r.state().fidelity() > s1.state().fidelity());
  }

  @Test
  void repeatedWernerSwapsFollowTheWernerRecursion() {
    double[] fidelities = {0.97, 0.9, 0.95, 0.85, 0.99, 0.92, 0.88};
    BellDiagonal chain = BellDiagonal.werner(fidelities[0]);
    double f = fidelities[0];
    double lambda = (4 * fidelities[0] - 1) / 3;
    for (int i = 1; i < fidelities.length; i++) {
      chain = Swapping.swap(chain, BellDiagonal.werner(fidelities[i]), 0);
      f = Swapping.wernerFidelity(f, fidelities[i]); // F' = F1 F2 + (1-F1)(1-F2)/3
      lambda *= (4 * fidelities[i] - 1) / 3; // equivalently, Werner parameters multiply
      assertEquals(f, chain.fidelity(), 1e-14); // a few roundings per step
      assertEquals((1 + 3 * lambda) / 4, chain.fidelity(), 1e-14);
    }
  }

  @Test
  void swapGateNoiseDepolarisesTheResult() {
    BellDiagonal a = BellDiagonal.werner(0.9);
    BellDiagonal out = Swapping.swap(a, a, 0.1);
    double ideal = Swapping.wernerFidelity(0.9, 0.9);
    assertEquals(0.9 * ideal + 0.1 / 4, out.fidelity(), 1e-15); // (1-p) F + p/4
  }

  @Test
  void invalidStatesAndMemoriesAreRejectedNamingTheField() {
    ConfigException low = assertThrows(ConfigException.class,
        () -> BellDiagonal.fromScenario("fresh_state", 0.2, 0.3, 0.3, 0.2));
    assertEquals("fresh_state", low.field());
    assertEquals(true, low.getMessage().contains(">= 0.25"));
    ConfigException sum = assertThrows(ConfigException.class,
        () -> BellDiagonal.fromScenario("fresh_state", 0.9, 0.1, 0.1, 0.0));
    assertEquals("fresh_state", sum.field());
    ConfigException neg = assertThrows(ConfigException.class,
        () -> BellDiagonal.fromScenario("fresh_state", 1.1, -0.1, 0, 0));
    assertEquals("fresh_state", neg.field());
    assertEquals("fidelity",
        assertThrows(ConfigException.class, () -> BellDiagonal.wernerFromScenario("fidelity", 0.1))
            .field());
    assertEquals("fidelity",
        assertThrows(ConfigException.class, () -> BellDiagonal.wernerFromScenario("fidelity", 1.2))
            .field());
    assertEquals(0.3, BellDiagonal.fromScenario("s", 0.3, 0.3, 0.2, 0.2).fidelity());
    assertThrows(IllegalArgumentException.class,
        () -> BellDiagonal.of(new double[] {0.5, 0.5, 0.5, 0}));

    assertEquals("t1_s", assertThrows(ConfigException.class, () -> new T1T2Memory(-1, 1)).field());
    assertEquals("t2_s", assertThrows(ConfigException.class, () -> new T1T2Memory(1, 0)).field());
    assertEquals("t2_s", assertThrows(ConfigException.class, () -> new T1T2Memory(1, 2.5)).field());
    assertThrows(IllegalArgumentException.class,
        () -> PauliWeights.pauliChannel(new double[] {1, 0, 0, 0}, 0.6, 0.6, 0));
    assertThrows(IllegalArgumentException.class,
        () -> Swapping.swap(new double[4], new double[4], 1.5, new double[4]));
  }
}
