package io.qbone.node.hardware;

import io.qbone.node.physics.BellDiagonal;

/**
 * Accumulates the heralded events of one attempt (each with its probability and Bell-diagonal
 * state) into (total probability, mixed fresh state).
 */
final class HeraldMix {
  private final double[] w = new double[4];
  private double total;

  /** A correct herald whose pair keeps phase coherence c: (1+c)/2 on Phi+, (1-c)/2 on Phi-. */
  HeraldMix good(double p, double coherence) {
    return add(p, (1 + coherence) / 2, 0, (1 - coherence) / 2, 0);
  }

  /** Both emitters bright (or an unentangled product |01>/|10> in the frame): X or Y error. */
  HeraldMix product(double p) {
    return add(p, 0, 0.5, 0, 0.5);
  }

  /** A herald after which the which-path information leaked: fully dephased. */
  HeraldMix dephased(double p) {
    return add(p, 0.5, 0, 0.5, 0);
  }

  /** A herald uncorrelated with the memories (dark counts, multi-pair): maximally mixed. */
  HeraldMix mixed(double p) {
    return add(p, 0.25, 0.25, 0.25, 0.25);
  }

  private HeraldMix add(double p, double i, double x, double z, double y) {
    total += p;
    w[0] += p * i;
    w[1] += p * x;
    w[2] += p * z;
    w[3] += p * y;
    return this;
  }

  HeraldedLink build(long periodNs) {
    BellDiagonal state;
    if (total > 0) {
      state = BellDiagonal.ofPauliWeights(w[0] / total, w[1] / total, w[2] / total, w[3] / total);
    } else {
      state = BellDiagonal.werner(0.25);
    }
    return new HeraldedLink(Math.min(1, total), periodNs, state);
  }
}
