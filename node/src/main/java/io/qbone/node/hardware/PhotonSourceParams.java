package io.qbone.node.hardware;

/**
 * The photon source of a link: for emitter-based schemes the memory's emission cycle, for
 * source-in-the-middle the SPDC pump.
 *
 * @param rateHz attempt (emission or pump) repetition rate in Hz ({@code rate_hz})
 * @param meanPhotonNumber SPDC mean pair number per mode, mu ({@code mean_photon_number}); pair
 *     numbers are thermal, P(n) = mu^n / (1 + mu)^(n+1) (single-mode SPDC, Sangouard et al., RMP
 *     83, 33 (2011)). Unused by emitter-based schemes.
 */
public record PhotonSourceParams(double rateHz, double meanPhotonNumber) {
  /** 1 MHz pump, mu = 0.01 (multi-pair fraction about 1 %); see docs/physics.md. */
  public static final PhotonSourceParams DEFAULT = new PhotonSourceParams(1e6, 0.01);

  public PhotonSourceParams {
    Check.positiveFinite(rateHz, "rate_hz", "Hz");
    Check.require(meanPhotonNumber >= 0 && Double.isFinite(meanPhotonNumber),
        "mean_photon_number", ">= 0 and finite", meanPhotonNumber);
  }

  /** Repetition period in ns (not rounded). */
  public double periodNs() {
    return 1e9 / rateHz;
  }

  /** x = mu/(1 + mu): P(n) = (1 - x) x^n. */
  public double thermalRatio() {
    return meanPhotonNumber / (1 + meanPhotonNumber);
  }

  /** Probability of at least one pair per pulse, mu/(1 + mu). */
  public double pairProbability() {
    return thermalRatio();
  }

  /** Probability of two or more pairs per pulse, (mu/(1 + mu))^2. */
  public double multiPairProbability() {
    double x = thermalRatio();
    return x * x;
  }
}
