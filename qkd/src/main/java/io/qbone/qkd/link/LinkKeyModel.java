package io.qbone.qkd.link;

/** The key physics of a prepare-and-measure link, as a function of eavesdropping. */
public interface LinkKeyModel {
  /**
   * The link's block physics while an intercept-resend eavesdropper attacks a fraction
   * {@code eveFraction} in [0, 1] of the signals (0: no eavesdropper).
   */
  BlockPhysics physics(double eveFraction);

  /**
   * Error probability of a detected signal when Eve intercepts and resends a fraction f of them:
   * she guesses the basis right half the time (then the link's own error e stays), wrong half the
   * time (then Bob's result is random, error 1/2). So e' = (1 - f) e + f (e/2 + 1/4)
   * = e + f (1/4 - e/2): the familiar rise of about f/4 when e is small.
   */
  static double interceptResendError(double e, double eveFraction) {
    return e + eveFraction * (0.25 - e / 2);
  }
}
