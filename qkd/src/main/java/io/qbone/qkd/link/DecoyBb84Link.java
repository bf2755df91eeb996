package io.qbone.qkd.link;

import io.qbone.qkd.rate.DecoyBb84;
import io.qbone.qkd.rate.DecoyBb84Params;
import io.qbone.qkd.rate.DecoyMethod;
import io.qbone.qkd.rate.KeyRate;

/**
 * Decoy-state BB84 over the link's fibre (docs/qkd.md section 2): gains, QBER and single-photon
 * bounds from {@link DecoyBb84}. Eve's intercept-resend acts on detected signals like extra
 * misalignment (e_d' from {@link LinkKeyModel#interceptResendError}); her resending keeps the
 * gain, so only the errors reveal her, and the decoy analysis charges them to e_1.
 */
public final class DecoyBb84Link implements LinkKeyModel {
  private final DecoyBb84Params params;
  private final DecoyMethod method;
  private final double pulseRateHz;

  public DecoyBb84Link(DecoyBb84Params params, DecoyMethod method, double pulseRateHz) {
    if (!(pulseRateHz > 0 && Double.isFinite(pulseRateHz))) {
      throw new io.qbone.node.network.ConfigException("pulse_rate_hz",
          "'pulse_rate_hz' must be a pulse rate > 0 Hz, got " + pulseRateHz);
    }
    this.params = params;
    this.method = method;
    this.pulseRateHz = pulseRateHz;
  }

  public DecoyBb84Params params() {
    return params;
  }

  @Override
  public BlockPhysics physics(double eveFraction) {
    DecoyBb84Params p = eveFraction == 0 ? params : new DecoyBb84Params(params.mu(), params.nu(),
        params.darkCountProbability(), params.detectorEfficiency(),
        LinkKeyModel.interceptResendError(params.misalignment(), eveFraction),
        params.errorCorrectionEfficiency(), params.lossDbPerKm(), params.lengthKm(),
        params.sifting());
    KeyRate r = DecoyBb84.keyRate(p, method);
    double qMu = r.signalGain();
    double privacy = qMu > 0 ? r.singlePhotonGain() / qMu
        * (1 - io.qbone.qkd.rate.BinaryEntropy.h(r.singlePhotonError())) : 0;
    return new BlockPhysics(pulseRateHz * p.sifting() * qMu, r.qber(), privacy,
        p.errorCorrectionEfficiency());
  }
}
