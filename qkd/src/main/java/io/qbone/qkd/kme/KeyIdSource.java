package io.qbone.qkd.kme;

import java.util.UUID;

/**
 * Key IDs as random-looking version-4 UUIDs that are a pure function of (link seed, issue
 * number): replaying the events gives the same IDs, and no wall clock or OS entropy is read.
 */
final class KeyIdSource {
  private KeyIdSource() {}

  static UUID keyId(long linkSeed, long issueNumber) {
    long hi = mix(linkSeed ^ mix(2 * issueNumber));
    long lo = mix(~linkSeed ^ mix(2 * issueNumber + 1));
    hi = (hi & ~0xF000L) | 0x4000L; // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(hi, lo);
  }

  /** SplitMix64 finaliser: a bijection, so distinct issue numbers give distinct halves. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
