package io.qbone.qkd.link;

import io.qbone.node.network.ConfigException;
import io.qbone.qkd.rate.BinaryEntropy;

/**
 * A link given by its published figures, for technologies whose full physics qbone does not model
 * (COW, DPS, CV-QKD, plug-and-play SARG04/BB84): the measured secret key rate R and QBER E.
 * Treated as BB84-like with e_1 = E (Shor-Preskill): secret fraction s(E) = 1 - h(E) - f h(E),
 * so the sifted rate is R / s(E). An eavesdropper raises the error by intercept-resend's
 * f (1/4 - E/2) and privacy amplification then keeps 1 - h(E') per sifted bit. This is a
 * documented approximation (docs/qkd.md): the real attacks and bounds of COW, DPS and CV-QKD differ.
 */
public final class PublishedRateLink implements LinkKeyModel {
  private final double secretBitsPerSecond;
  private final double qber;
  private final double errorCorrectionEfficiency;

  public PublishedRateLink(double secretBitsPerSecond, double qber, double errorCorrectionEfficiency) {
    if (!(secretBitsPerSecond > 0 && Double.isFinite(secretBitsPerSecond))) {
      throw new ConfigException("secret_key_rate_bps", "'secret_key_rate_bps' must be a rate > 0 "
          + "bit/s, got " + secretBitsPerSecond);
    }
    if (!(errorCorrectionEfficiency >= 1 && Double.isFinite(errorCorrectionEfficiency))) {
      throw new ConfigException("error_correction_efficiency", "'error_correction_efficiency' "
          + "must be >= 1 (the Shannon limit), got " + errorCorrectionEfficiency);
    }
    if (!(qber >= 0 && qber < 0.5) || fraction(qber, errorCorrectionEfficiency) <= 0) {
      throw new ConfigException("qber", "'qber' must be a QBER in [0, 0.5) that leaves secret "
          + "key (1 - h(E) - f h(E) > 0, E below about 0.1), got " + qber);
    }
    this.secretBitsPerSecond = secretBitsPerSecond;
    this.qber = qber;
    this.errorCorrectionEfficiency = errorCorrectionEfficiency;
  }

  private static double fraction(double e, double f) {
    return 1 - BinaryEntropy.h(e) - f * BinaryEntropy.h(e);
  }

  @Override
  public BlockPhysics physics(double eveFraction) {
    double sifted = secretBitsPerSecond / fraction(qber, errorCorrectionEfficiency);
    double e = LinkKeyModel.interceptResendError(qber, eveFraction);
    return new BlockPhysics(sifted, e, 1 - BinaryEntropy.h(e), errorCorrectionEfficiency);
  }
}
