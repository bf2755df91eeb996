package io.qbone.qkd.link;

import io.qbone.qkd.rate.BinaryEntropy;

/**
 * What a key channel's physics gives per error-correction block, in the current conditions
 * (including an eavesdropper).
 *
 * @param siftedBitsPerSecond rate of sifted key bits; a block of N sifted bits takes N / this
 * @param qber expected QBER of the sifted bits
 * @param privacyPerSiftedBit what privacy amplification keeps per sifted bit, before error
 *     correction's leak: (Q_1 / Q_mu)(1 - h(e_1)) for decoy BB84
 * @param errorCorrectionEfficiency f: error correction discloses f h(E) per sifted bit
 */
public record BlockPhysics(
    double siftedBitsPerSecond, double qber, double privacyPerSiftedBit,
    double errorCorrectionEfficiency) {

  /** Secret bits per sifted bit for a block whose measured QBER is {@code measuredQber}. */
  public double secretFraction(double measuredQber) {
    return Math.max(0, privacyPerSiftedBit
        - errorCorrectionEfficiency * BinaryEntropy.h(Math.min(measuredQber, 0.5)));
  }

  /** Expected secret key rate in bits per second (at the expected QBER). */
  public double secretBitsPerSecond() {
    return siftedBitsPerSecond * secretFraction(qber);
  }
}
