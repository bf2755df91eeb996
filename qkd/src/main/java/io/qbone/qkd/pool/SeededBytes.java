package io.qbone.qkd.pool;

import java.util.SplittableRandom;

/**
 * Key bytes defined by a 64-bit seed and a length, produced on demand: the stream of a
 * SplittableRandom(seed), 8 bytes per nextLong (least significant first). Reading it in pieces of
 * any size gives the same bytes as reading it at once, so the two ends of a channel, which spend a
 * pool in different pieces, see the same key. A pool of seeded key costs 16 bytes per block
 * instead of the key itself.
 */
final class SeededBytes {
  private final long seed;
  private final int length;
  private SplittableRandom random;
  private long word;
  private int wordLeft;
  private int read;

  SeededBytes(long seed, int length) {
    this.seed = seed;
    this.length = length;
  }

  int length() {
    return length;
  }

  int remaining() {
    return length - read;
  }

  /** The next {@code k} bytes into {@code out} at {@code at}. */
  void read(byte[] out, int at, int k) {
    if (random == null) {
      random = new SplittableRandom(seed);
    }
    for (int i = 0; i < k; i++) {
      if (wordLeft == 0) {
        word = random.nextLong();
        wordLeft = 8;
      }
      out[at + i] = (byte) word;
      word >>>= 8;
      wordLeft--;
    }
    read += k;
  }

  /** All bytes from the start, without disturbing the read position. */
  byte[] all() {
    byte[] out = new byte[length];
    new SeededBytes(seed, length).read(out, 0, length);
    return out;
  }
}
