package io.qbone.qkd.node;

import java.util.SplittableRandom;

/**
 * Draws the number of bit errors in a block of n sifted bits with error probability e:
 * Binomial(n, e), by inversion when the mean is small and by the normal approximation (rounded,
 * clamped to [0, n]) when n e (1 - e) >= 25, where its error is far below the block's own spread.
 */
final class BlockSampler {
  private BlockSampler() {}

  static long errors(SplittableRandom random, long n, double e) {
    if (e <= 0) {
      return 0;
    }
    if (e >= 1) {
      return n;
    }
    double mean = n * e;
    double var = mean * (1 - e);
    if (var >= 25) {
      long k = Math.round(mean + Math.sqrt(var) * random.nextGaussian());
      return Math.max(0, Math.min(n, k));
    }
    // Inversion: walk the CDF from k = 0 with pmf(k+1) = pmf(k) (n-k)/(k+1) e/(1-e).
    double u = random.nextDouble();
    double pmf = Math.exp(n * Math.log1p(-e));
    double cdf = pmf;
    long k = 0;
    while (u > cdf && k < n) {
      pmf *= (double) (n - k) / (k + 1) * e / (1 - e);
      k++;
      cdf += pmf;
      if (pmf == 0 && k > mean) {
        break; // the tail below double precision
      }
    }
    return k;
  }
}
