package io.qbone.qkd.rate;

import io.qbone.node.network.ConfigException;
import io.qbone.node.physics.BellDiagonal;

/**
 * Entanglement-based BB84 (BBM92: Bennett, Brassard and Mermin, PRL 68, 557 (1992)) on pairs meant
 * to be Phi+, asymptotic secret fraction by Shor and Preskill (PRL 85, 441 (2000)): key from the Z
 * basis, phase errors estimated in the X basis, r = 1 - h(Q_X) - h(Q_Z).
 *
 * <p>Which Pauli errors flip which basis: Phi+ gives equal outcomes in Z (ZZ = +1) and in X
 * (XX = +1). An X or Y error on one qubit anticommutes with Z, so it flips the Z-basis outcome; a Z
 * or Y error anticommutes with X and flips the X-basis outcome. In Bell-state names (see
 * {@link BellDiagonal}): Q_Z = P(Psi+) + P(Psi-), Q_X = P(Phi-) + P(Psi-).
 */
public final class Bbm92 {
  private Bbm92() {}

  /** Z-basis QBER: weight of X and Y errors (Psi+ and Psi-). */
  public static double qberZ(BellDiagonal pair) {
    return pair.weight(BellDiagonal.X) + pair.weight(BellDiagonal.Y);
  }

  /** X-basis QBER: weight of Z and Y errors (Phi- and Psi-). */
  public static double qberX(BellDiagonal pair) {
    return pair.weight(BellDiagonal.Z) + pair.weight(BellDiagonal.Y);
  }

  /** Secret bits per sifted pair, max(0, 1 - h(Q_X) - h(Q_Z)). */
  public static double secretFraction(BellDiagonal pair) {
    return secretFraction(clamp(qberX(pair)), clamp(qberZ(pair)));
  }

  /**
   * Secret fraction for measured QBERs in the two bases. A QBER above 1/2 is a known, consistent
   * flip that Bob undoes, which is why h is symmetric about 1/2 here.
   */
  public static double secretFraction(double qberX, double qberZ) {
    requireQber("qber_x", qberX);
    requireQber("qber_z", qberZ);
    return Math.max(0, 1 - BinaryEntropy.h(qberX) - BinaryEntropy.h(qberZ));
  }

  /** The symmetric case Q_X = Q_Z = Q (e.g. Werner pairs): max(0, 1 - 2 h(Q)). */
  public static double secretFractionSymmetric(double qber) {
    requireQber("qber", qber);
    return Math.max(0, 1 - 2 * BinaryEntropy.h(qber));
  }

  private static void requireQber(String field, double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new ConfigException(field, "'" + field + "' must be an error rate in [0, 1], got " + q);
    }
  }

  // Bell-diagonal weights are normalised to 1e-9; a sum can round a hair past [0, 1].
  private static double clamp(double q) {
    return Math.min(1, Math.max(0, q));
  }
}
