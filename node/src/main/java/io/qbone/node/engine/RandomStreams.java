package io.qbone.node.engine;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from (run seed, LP index, stream name), so
 * that results do not depend on where or in which order LPs run.
 */
public final class RandomStreams {
  private RandomStreams() {}

  public static SplittableRandom stream(long runSeed, int lp, String name) {
    long h = mix(runSeed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ lp);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xff));
    }
    return new SplittableRandom(h);
  }

  /** SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective avalanche on 64 bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
