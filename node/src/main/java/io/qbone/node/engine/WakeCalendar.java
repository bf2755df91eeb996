package io.qbone.node.engine;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Which LP has work at which virtual time, as a calendar of buckets one lookahead wide. A window
 * is one lookahead long, so it takes every entry of the buckets it covers whole and filters one
 * partly covered bucket: each entry costs an append and one or two sequential reads, where a
 * binary heap cost a sift per push and per pop (its pops were 18 % of chain-1000's window time
 * with one thread and 32 % with two, all of it serial). Buckets live in a ring covering
 * {@link #RING} lookaheads from the earliest; entries further ahead (timers, sparse traffic)
 * wait in a heap and move into the ring as it advances.
 */
final class WakeCalendar {
  /** Buckets in the ring. */
  static final int RING = 256;
  private static final int FIRST_CAPACITY = 16;

  private final long width;
  private final long[][] times = new long[RING][];
  private final int[][] lps = new int[RING][];
  private final int[] sizes = new int[RING];
  /** Per bucket: its earliest entry's time (meaningful when the bucket is not empty). */
  private final long[] earliest = new long[RING];
  /** The bucket index (time / width) of the ring's first slot; no entry lies before it. */
  private long base;
  private final WakeHeap far = new WakeHeap();

  WakeCalendar(long widthNs) {
    if (widthNs <= 0) {
      throw new IllegalArgumentException("bucket width must be > 0, got " + widthNs);
    }
    this.width = widthNs;
    for (int s = 0; s < RING; s++) {
      times[s] = new long[FIRST_CAPACITY];
      lps[s] = new int[FIRST_CAPACITY];
    }
  }

  /** LP {@code lp} has work at {@code time} (never before the last window taken). */
  void push(long time, int lp) {
    // An entry before the ring's start would belong to a window already run; the engine never
    // makes one, and placing it in the first bucket keeps it from being lost if it did.
    long bucket = Math.max(base, time / width);
    if (bucket >= base + RING) {
      far.push(time, lp);
      return;
    }
    append((int) (bucket % RING), time, lp);
  }

  private void append(int slot, long time, int lp) {
    int n = sizes[slot];
    if (n == times[slot].length) {
      times[slot] = Arrays.copyOf(times[slot], n * 2);
      lps[slot] = Arrays.copyOf(lps[slot], n * 2);
    }
    times[slot][n] = time;
    lps[slot][n] = lp;
    earliest[slot] = n == 0 ? time : Math.min(earliest[slot], time);
    sizes[slot] = n + 1;
  }

  /**
   * Removes every entry before {@code endNs} and hands its LP to {@code woken} (an LP may come
   * more than once); later entries stay.
   */
  void takeBefore(long endNs, IntConsumer woken) {
    long endBucket = endNs / width;
    long lastInRing = Math.min(endBucket, base + RING - 1);
    for (long b = base; b <= lastInRing; b++) {
      int slot = (int) (b % RING);
      if (sizes[slot] == 0) {
        continue;
      }
      if ((b + 1) * width <= endNs) {
        takeAll(slot, woken);
      } else {
        takeEarly(slot, endNs, woken);
      }
    }
    while (!far.isEmpty() && far.minTime() < endNs) {
      woken.accept(far.pop());
    }
    // Every bucket before endBucket is empty now: move the ring on and let in what it now covers.
    if (endBucket > base) {
      base = endBucket;
      while (!far.isEmpty() && far.minTime() / width < base + RING) {
        long time = far.minTime();
        append((int) (Math.max(base, time / width) % RING), time, far.pop());
      }
    }
  }

  private void takeAll(int slot, IntConsumer woken) {
    int[] l = lps[slot];
    for (int i = 0, n = sizes[slot]; i < n; i++) {
      woken.accept(l[i]);
    }
    sizes[slot] = 0;
  }

  /** Takes the bucket's entries before {@code endNs} and keeps the rest, in order. */
  private void takeEarly(int slot, long endNs, IntConsumer woken) {
    long[] t = times[slot];
    int[] l = lps[slot];
    int kept = 0;
    long first = Long.MAX_VALUE;
    for (int i = 0, n = sizes[slot]; i < n; i++) {
      if (t[i] < endNs) {
        woken.accept(l[i]);
      } else {
        t[kept] = t[i];
        l[kept] = l[i];
        first = Math.min(first, t[i]);
        kept++;
      }
    }
    sizes[slot] = kept;
    earliest[slot] = first;
  }

  /** The earliest entry's time, or -1 if there is none. */
  long minTime() {
    int slot = firstNonEmptySlot();
    // Ring entries all precede the far ones: the ring covers the earlier buckets.
    return slot >= 0 ? earliest[slot] : far.isEmpty() ? -1 : far.minTime();
  }

  private int firstNonEmptySlot() {
    for (long b = base; b < base + RING; b++) {
      int slot = (int) (b % RING);
      if (sizes[slot] > 0) {
        return slot;
      }
    }
    return -1;
  }
}
