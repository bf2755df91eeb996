package io.qbone.qkd.rate;

import io.qbone.node.network.ConfigException;

/**
 * The repeaterless bound of Pirandola, Laurenza, Ottaviani and Banchi (PLOB), Nat. Commun. 8,
 * 15043 (2017): no point-to-point protocol over a pure-loss channel of transmissivity eta can
 * distil more than -log2(1 - eta) secret bits per channel use. A prepare-and-measure model whose
 * key per pulse exceeds it is wrong, which makes it a check on every rate model here.
 */
public final class Plob {
  private Plob() {}

  /** Secret-key capacity in bits per channel use; +infinity for a lossless channel (eta = 1). */
  public static double bitsPerUse(double eta) {
    if (!(eta >= 0 && eta <= 1)) {
      throw new ConfigException("transmissivity",
          "'transmissivity' must be in [0, 1], got " + eta);
    }
    // log1p keeps precision at the small eta of long links, where -log2(1-eta) ~ 1.44 eta.
    return -Math.log1p(-eta) / Math.log(2);
  }
}
