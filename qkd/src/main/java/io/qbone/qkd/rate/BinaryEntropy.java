package io.qbone.qkd.rate;

/**
 * Binary Shannon entropy h(x) = -x log2 x - (1-x) log2(1-x), in bits.
 *
 * <p>Every asymptotic QKD rate here charges h(QBER) for error correction and h(phase error) for
 * privacy amplification (Shor and Preskill, PRL 85, 441 (2000)).
 */
public final class BinaryEntropy {
  private BinaryEntropy() {}

  /** h(x) for x in [0, 1]; h(0) = h(1) = 0 by continuity. Rejects anything else. */
  public static double h(double x) {
    if (!(x >= 0 && x <= 1)) {
      throw new IllegalArgumentException("binary entropy needs a probability in [0, 1], got " + x);
    }
    if (x == 0 || x == 1) {
      return 0;
    }
    return -(x * log2(x) + (1 - x) * log2(1 - x));
  }

  static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
