package io.qbone.node.physics;

/**
 * Allocation-free operations on caller-owned {@code double[4]} Pauli error distributions, indexed
 * like {@link BellDiagonal} (I=0, X=1, Z=2, Y=3; index = x | z << 1). Entry p is the probability
 * that the pair is (I ⊗ P)|Phi+>, i.e. w[I]=P(Phi+), w[X]=P(Psi+), w[Z]=P(Phi-), w[Y]=P(Psi-).
 *
 * <p>This is the hot path: the engine and the benchmarks keep states in arrays and call these
 * methods; {@link BellDiagonal} wraps them for code that prefers immutable values. Every method
 * reads all inputs into locals before writing, so an output array may alias an input.
 */
public final class PauliWeights {
  /** Tolerance for a weight vector to count as a distribution (sum and sign). */
  public static final double TOLERANCE = 1e-9;

  private PauliWeights() {}

  /** Klein-group convolution out = a * b: the error distribution after both errors act. */
  public static void convolve(double[] a, double[] b, double[] out) {
    convolve(a, b[0], b[1], b[2], b[3], out);
  }

  /** {@link #convolve} with the second distribution given as (bI, bX, bZ, bY). */
  public static void convolve(double[] a, double bI, double bX, double bZ, double bY,
      double[] out) {
    double aI = a[0];
    double aX = a[1];
    double aZ = a[2];
    double aY = a[3];
    // Index XOR: I = X.X = Z.Z = Y.Y, X = I.X = Z.Y, Z = I.Z = X.Y, Y = I.Y = X.Z.
    out[0] = aI * bI + aX * bX + aZ * bZ + aY * bY;
    out[1] = aI * bX + aX * bI + aZ * bY + aY * bZ;
    out[2] = aI * bZ + aZ * bI + aX * bY + aY * bX;
    out[3] = aI * bY + aY * bI + aX * bZ + aZ * bX;
  }

  /**
   * General single-qubit Pauli channel on one qubit of the pair, in place: X with probability pX,
   * Y with pY, Z with pZ, nothing otherwise. Which qubit does not matter for Bell-diagonal states.
   */
  public static void pauliChannel(double[] w, double pX, double pY, double pZ) {
    checkPauliProbabilities(pX, pY, pZ);
    convolve(w, 1 - pX - pY - pZ, pX, pZ, pY, w);
  }

  /** Dephasing (phase flip Z with probability p) on one qubit, in place. */
  public static void dephase(double[] w, double p) {
    pauliChannel(w, 0, 0, p);
  }

  /** Bit flip (X with probability p) on one qubit, in place. */
  public static void bitFlip(double[] w, double p) {
    pauliChannel(w, p, 0, 0);
  }

  /**
   * Single-qubit depolarising channel rho -> (1-p) rho + p I/2 on one qubit, in place. On a
   * Bell-diagonal pair this is w -> (1-p) w + p/4 (the pair's marginal is already I/2).
   */
  public static void depolarize(double[] w, double p) {
    checkProbability(p, "depolarising probability");
    mixWithIdentity(w, p);
  }

  /** w -> (1-p) w + p/4: with probability p the pair is replaced by the maximally mixed state. */
  static void mixWithIdentity(double[] w, double p) {
    double q = p / 4;
    double s = 1 - p;
    w[0] = s * w[0] + q;
    w[1] = s * w[1] + q;
    w[2] = s * w[2] + q;
    w[3] = s * w[3] + q;
  }

  /**
   * Twirl to Werner form (random bilateral rotation U ⊗ U*, as in BBPSSW): keeps the fidelity,
   * spreads the remaining weight evenly over the three errors. In place.
   */
  public static void twirlToWerner(double[] w) {
    double e = (1 - w[0]) / 3;
    w[1] = e;
    w[2] = e;
    w[3] = e;
  }

  /** Sets w to the Werner state of fidelity f. */
  public static void werner(double[] w, double f) {
    w[0] = f;
    twirlToWerner(w);
  }

  /** True if w is non-negative (within {@link #TOLERANCE}) and sums to 1 (within it). */
  public static boolean isDistribution(double[] w) {
    return isDistribution(w[0], w[1], w[2], w[3]);
  }

  static boolean isDistribution(double a, double b, double c, double d) {
    double sum = a + b + c + d;
    // Written so that NaN fails every comparison.
    return a >= -TOLERANCE && b >= -TOLERANCE && c >= -TOLERANCE && d >= -TOLERANCE
        && Math.abs(sum - 1) <= TOLERANCE;
  }

  static void checkProbability(double p, String what) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(what + " must be in [0, 1], got " + p);
    }
  }

  static void checkPauliProbabilities(double pX, double pY, double pZ) {
    if (!(pX >= 0 && pY >= 0 && pZ >= 0 && pX + pY + pZ <= 1 + TOLERANCE)) {
      throw new IllegalArgumentException(
          "Pauli probabilities must be >= 0 with pX + pY + pZ <= 1, got " + pX + ", " + pY
              + ", " + pZ);
    }
  }
}
