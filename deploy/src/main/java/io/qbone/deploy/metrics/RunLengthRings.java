package io.qbone.deploy.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Histogram values per index (link or flow), buffered as runs of equal values (value, count) for
 * the metrics poller to record into Kamon with {@code Histogram.record(value, times)}. A Werner
 * link produces the same fidelity pair after pair, so its whole second collapses into one run;
 * the poller then touches each 40 KB HDR histogram once a second instead of the model touching
 * one (and missing cache) at every pair.
 *
 * <p>Each index has a ring of {@code capacity} runs in its own {@code long[]}, allocated on the
 * index's first value (most links of a large network may never carry a pair): {@code [head,
 * tail, folded, value0, count0, value1, count1, ...]}. Run {@code r} sits in slot {@code r mod
 * capacity}.
 *
 * <p>Threads: one writer per index at a time (the owning LP; the window barrier orders writes of
 * successive windows, which may run on different threads) and one poller. The writer owns
 * {@code head} and the open run {@code head - 1}: it extends that run's count, or fills the next
 * slot and then publishes it by a release store of {@code head}. The poller owns {@code tail}
 * and {@code folded}: it acquires {@code head}, records every closed run (below {@code head - 1},
 * final once {@code head} moved past it) and of the open run only the part not recorded yet
 * ({@code folded}), then frees the closed slots by a release store of {@code tail}, which the
 * writer acquires before reusing a slot. When the ring is full the writer returns false and the
 * caller queues the value for the poller instead ({@link ModelReports}), so nothing is lost.
 */
final class RunLengthRings {
  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle RING = MethodHandles.arrayElementVarHandle(long[][].class);
  private static final int HEAD = 0;
  private static final int TAIL = 1;
  private static final int FOLDED = 2;
  private static final int RUNS = 3;

  /** Where the poller records runs. */
  @FunctionalInterface
  interface RunSink {
    void record(long value, long times);
  }

  private final long[][] rings;
  private final int mask;

  /** @param capacity runs buffered per index between two folds, a power of two */
  RunLengthRings(int indices, int capacity) {
    if (capacity < 1 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("ring capacity must be a power of two >= 1, got "
          + capacity);
    }
    this.rings = new long[indices][];
    this.mask = capacity - 1;
  }

  /**
   * Writer: buffers one {@code value} for {@code index}.
   *
   * @return false when the ring is full: the value was not buffered
   */
  boolean record(int index, long value) {
    long[] ring = rings[index];
    if (ring == null) {
      ring = new long[RUNS + 2 * (mask + 1)];
      RING.setRelease(rings, index, ring);
    }
    long head = ring[HEAD];
    if (head > 0) {
      int open = RUNS + 2 * (int) ((head - 1) & mask);
      if (ring[open] == value) {
        CELL.setRelease(ring, open + 1, ring[open + 1] + 1);
        return true;
      }
    }
    if (head - (long) CELL.getAcquire(ring, TAIL) > mask) {
      return false;
    }
    int next = RUNS + 2 * (int) (head & mask);
    ring[next] = value;
    ring[next + 1] = 1;
    CELL.setRelease(ring, HEAD, head + 1);
    return true;
  }

  /** Poller: records into {@code sink} what {@code index} buffered since the last fold. */
  void fold(int index, RunSink sink) {
    long[] ring = (long[]) RING.getAcquire(rings, index);
    if (ring == null) {
      return;
    }
    long head = (long) CELL.getAcquire(ring, HEAD);
    long tail = ring[TAIL];
    long folded = ring[FOLDED];
    for (long r = tail; r < head; r++) {
      int slot = RUNS + 2 * (int) (r & mask);
      long count = (long) CELL.getAcquire(ring, slot + 1);
      if (count > folded) {
        sink.record(ring[slot], count - folded);
      }
      if (r < head - 1) {
        tail = r + 1;
        folded = 0;
      } else {
        folded = count;
      }
    }
    ring[FOLDED] = folded;
    CELL.setRelease(ring, TAIL, tail);
  }
}
