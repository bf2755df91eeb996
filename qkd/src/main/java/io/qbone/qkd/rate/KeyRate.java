package io.qbone.qkd.rate;

/**
 * Result of a decoy-state BB84 evaluation at one distance.
 *
 * @param bitsPerPulse secret key per signal pulse sent, >= 0 (0 when no key can be distilled)
 * @param qber E_mu, QBER of the signal pulses
 * @param signalGain Q_mu, fraction of signal pulses that click
 * @param singlePhotonGain Q_1 (bound) = Y_1 mu e^(-mu), the clicks privacy amplification trusts
 * @param singlePhotonError e_1 (bound), the phase error rate charged to those clicks
 */
public record KeyRate(
    double bitsPerPulse,
    double qber,
    double signalGain,
    double singlePhotonGain,
    double singlePhotonError) {}
