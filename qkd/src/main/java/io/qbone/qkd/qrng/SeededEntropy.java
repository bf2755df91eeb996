package io.qbone.qkd.qrng;

import java.util.SplittableRandom;

/** Random bytes from one of the LP's seeded streams: the same scenario and seed, the same keys. */
public final class SeededEntropy implements EntropySource {
  private final SplittableRandom random;

  public SeededEntropy(SplittableRandom random) {
    this.random = random;
  }

  @Override
  public void nextBytes(byte[] out) {
    random.nextBytes(out);
  }
}
