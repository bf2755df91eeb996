package io.qbone.qkd.rate;

/** Which decoy analysis bounds the single-photon yield and error rate. */
public enum DecoyMethod {
  /** Asymptotic limit of infinitely many decoys: the true Y_1 and e_1. */
  INFINITE,
  /** Vacuum plus one weak decoy (Ma, Qi, Zhao and Lo 2005): the practical two-decoy protocol. */
  VACUUM_PLUS_WEAK
}
