package io.qbone.node.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.physics.exact.CMatrix;
import io.qbone.node.physics.exact.Exact;
import io.qbone.node.physics.exact.Gates;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every Bell-diagonal operation against the exact density-matrix backend, over randomised
 * inputs. Tolerance 1e-12 throughout (issue 3: "agreement to 1e-12 over randomised inputs"); the
 * exact side sums at most 16x16 products of O(1) numbers, so rounding stays near 1e-15.
 */
class BellDiagonalVsExactTest {
  private static final double TOL = 1e-12;
  private static final int TRIALS = 200;

  /** A random distribution over 4 entries; sometimes sparse, sometimes near-pure. */
  static double[] randomWeights(SplittableRandom rnd) {
    double[] w = new double[4];
    double sum = 0;
    int shape = rnd.nextInt(3);
    for (int i = 0; i < 4; i++) {
      double u = rnd.nextDouble();
      w[i] = switch (shape) {
        case 0 -> u;
        case 1 -> u < 0.3 ? 0 : u; // exercises zero weights
        default -> i == 0 ? 20 + u : u; // high fidelity, the regime that matters
      };
      sum += w[i];
    }
    if (sum == 0) {
      w[0] = sum = 1;
    }
    for (int i = 0; i < 4; i++) {
      w[i] /= sum;
    }
    return w;
  }

  /** Asserts the exact state equals the Bell-diagonal state w entry by entry (all 16 entries). */
  private static void assertSameState(CMatrix exact, double[] w, String what) {
    double diff = exact.maxAbsDiff(Exact.bellDiagonal(w));
    assertTrue(diff <= TOL, what + ": max |exact - bellDiagonal| = " + diff); // TOL, see class doc
  }

  @Test
  void pauliChannelsMatchKrausChannels() {
    SplittableRandom rnd = new SplittableRandom(301);
    for (int t = 0; t < TRIALS; t++) {
      double[] w = randomWeights(rnd);
      double[] n = randomWeights(rnd); // (1-pX-pY-pZ, pX, pZ, pY)
      double pX = n[1];
      double pZ = n[2];
      double pY = n[3];
      double p = rnd.nextDouble();
      int qubit = rnd.nextInt(2); // Bell-diagonal states do not care which side is hit
      CMatrix rho = Exact.bellDiagonal(w);

      double[] general = w.clone();
      PauliWeights.pauliChannel(general, pX, pY, pZ);
      assertSameState(Exact.pauliChannel(rho, 2, qubit, pX, pY, pZ), general, "general Pauli");

      double[] deph = w.clone();
      PauliWeights.dephase(deph, p);
      assertSameState(Exact.pauliChannel(rho, 2, qubit, 0, 0, p), deph, "dephasing");

      double[] flip = w.clone();
      PauliWeights.bitFlip(flip, p);
      assertSameState(Exact.pauliChannel(rho, 2, qubit, p, 0, 0), flip, "bit flip");

      // Depolarising rho -> (1-p) rho + p I/2 has Kraus weights (1 - 3p/4, p/4, p/4, p/4).
      double[] dep = w.clone();
      PauliWeights.depolarize(dep, p);
      assertSameState(Exact.pauliChannel(rho, 2, qubit, p / 4, p / 4, p / 4), dep, "depolarising");

      BellDiagonal b = BellDiagonal.of(w).pauliChannel(pX, pY, pZ);
      double[] viaValue = new double[4];
      b.copyTo(viaValue);
      assertSameState(Exact.pauliChannel(rho, 2, qubit, pX, pY, pZ), viaValue, "immutable API");
    }
  }

  @Test
  void swapMatchesProjectiveBellMeasurementForEveryOutcome() {
    SplittableRandom rnd = new SplittableRandom(302);
    for (int t = 0; t < TRIALS / 4; t++) {
      double[] a = randomWeights(rnd);
      double[] b = randomWeights(rnd);
      double gate = t % 2 == 0 ? 0 : rnd.nextDouble() * 0.2;
      double[] out = new double[4];
      Swapping.swap(a, b, gate, out);
      for (int m = 0; m < 4; m++) {
        Object[] r = Exact.swapOutcome(Exact.bellDiagonal(a), Exact.bellDiagonal(b), gate, m);
        // Bell-diagonal halves have I/2 marginals, so each of the 4 outcomes has probability 1/4.
        assertEquals(0.25, (double) r[0], TOL);
        assertSameState((CMatrix) r[1], out, "swap outcome " + m + " gate " + gate);
      }
    }
  }

  @Test
  void dejmpsMatchesRotationsBilateralCnotAndParityCheck() {
    SplittableRandom rnd = new SplittableRandom(303);
    CMatrix alice = Gates.rx(Math.PI / 2);
    CMatrix bob = Gates.rx(-Math.PI / 2);
    for (int t = 0; t < TRIALS / 4; t++) {
      double[] a = randomWeights(rnd);
      double[] b = randomWeights(rnd);
      double[] out = new double[4];
      double p = Purification.DEJMPS.apply(a, b, out);
      Object[] r = Exact.purify(Exact.bellDiagonal(a), Exact.bellDiagonal(b), alice, bob);
      assertEquals((double) r[0], p, TOL);
      assertSameState((CMatrix) r[1], out, "DEJMPS");
    }
  }

  @Test
  void bilateralCnotWithoutRotationsMatchesExact() {
    SplittableRandom rnd = new SplittableRandom(304);
    for (int t = 0; t < TRIALS / 4; t++) {
      double[] a = randomWeights(rnd);
      double[] b = randomWeights(rnd);
      double[] out = new double[4];
      double p = Purification.bilateralCnot(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3], out);
      Object[] r = Exact.purify(Exact.bellDiagonal(a), Exact.bellDiagonal(b), null, null);
      assertEquals((double) r[0], p, TOL);
      assertSameState((CMatrix) r[1], out, "bilateral CNOT");
    }
  }

  @Test
  void bbpsswMatchesTwirlThenBilateralCnotThenTwirl() {
    SplittableRandom rnd = new SplittableRandom(305);
    for (int t = 0; t < TRIALS / 4; t++) {
      double[] a = randomWeights(rnd);
      double[] b = randomWeights(rnd);
      double[] out = new double[4];
      double p = Purification.BBPSSW.apply(a, b, out);
      Object[] r = Exact.purify(
          Exact.twirl(Exact.bellDiagonal(a)), Exact.twirl(Exact.bellDiagonal(b)), null, null);
      assertEquals((double) r[0], p, TOL);
      assertSameState(Exact.twirl((CMatrix) r[1]), out, "BBPSSW");
    }
  }

  @Test
  void twirlMatchesCliffordAverage() {
    SplittableRandom rnd = new SplittableRandom(306);
    for (int t = 0; t < TRIALS / 4; t++) {
      double[] w = randomWeights(rnd);
      double[] v = w.clone();
      PauliWeights.twirlToWerner(v);
      assertSameState(Exact.twirl(Exact.bellDiagonal(w)), v, "twirl");
    }
  }

  @Test
  void t1t2DecayIsTheBellDiagonalPartOfTheExactChannel() {
    SplittableRandom rnd = new SplittableRandom(307);
    for (int t = 0; t < TRIALS; t++) {
      double[] w = randomWeights(rnd);
      double t1 = 0.01 + rnd.nextDouble();
      double t2 = (0.01 + rnd.nextDouble() * 1.99) * t1; // T2 <= 2 T1
      long storedNs = (long) (rnd.nextDouble() * 2e9);
      double[] v = w.clone();
      new T1T2Memory(t1, t2).decay(v, storedNs);
      double ts = storedNs * 1e-9;
      CMatrix exact = Exact.t1t2(Exact.bellDiagonal(w), 2, 1, ts, t1, t2);
      double[] diag = Exact.bellWeights(exact);
      for (int p = 0; p < 4; p++) {
        // Twirling keeps exactly the Bell-basis diagonal of the exact output (tolerance TOL).
        assertEquals(diag[p], v[p], TOL,
            "Pauli " + p + " t=" + ts + " T1=" + t1 + " T2=" + t2 + " w=" + java.util.Arrays.toString(w));
      }
      // What the twirl drops: Bell-basis coherences Phi+/Phi- and Psi+/Psi- of size
      // (1 - e^(-t/T1))/4 * (wI - wZ + ... ); for Phi+ input exactly gamma/4 (docs/physics.md).
    }
  }

  @Test
  void t1t2TwirlCostForPhiPlusMatchesDocumentedClosedForms() {
    double t1 = 1.0;
    double t2 = 0.7;
    for (double ts : new double[] {0.01, 0.1, 0.5, 2.0}) {
      double gamma = 1 - Math.exp(-ts / t1);
      CMatrix exact = Exact.t1t2(Exact.bellDiagonal(new double[] {1, 0, 0, 0}), 2, 1, ts, t1, t2);
      double f = (1 + Math.exp(-ts / t1) + 2 * Math.exp(-ts / t2)) / 4;
      assertEquals(f, exact.expectation(Gates.bell(0)), TOL); // same fidelity as the twirl
      // Dropped coherences: <Phi+|rho|Phi-> = gamma/4, |<Psi+|rho|Psi->| = gamma/4, so the trace
      // distance to the twirled state is gamma/2 (two 2x2 blocks with eigenvalues +-gamma/4).
      assertEquals(gamma / 4, exact.element(Gates.bell(0), Gates.bell(2))[0], TOL);
      assertEquals(gamma / 4, Math.abs(exact.element(Gates.bell(1), Gates.bell(3))[0]), TOL);

      // Both qubits decayed: exact fidelity = twirled + gamma^2/4.
      CMatrix both = Exact.t1t2(exact, 2, 0, ts, t1, t2);
      double[] w = {1, 0, 0, 0};
      T1T2Memory mem = new T1T2Memory(t1, t2);
      mem.decay(w, Math.round(ts * 1e9));
      mem.decay(w, Math.round(ts * 1e9));
      assertEquals(w[0] + gamma * gamma / 4, both.expectation(Gates.bell(0)), 1e-9); // ns rounding
    }
  }
}
