package io.qbone.node.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The woken LPs of one window on one member, handed out in chunks to whichever window runner
 * asks next. A dynamic hand-out rather than one fixed share per thread: a runner that starts late
 * (a thread wake-up on a virtual machine takes tens of microseconds, a sizeable part of a
 * window) or draws the busy LPs no longer holds the window open while the other thread waits.
 * Chunks are contiguous LP index ranges, so scenario neighbours, which message each other, tend
 * to run on one thread.
 */
final class WindowWork {
  /** Chunks per runner: enough for the faster runner to take over, few enough to lock rarely. */
  private static final int CHUNKS_PER_RUNNER = 8;
  private static final int MIN_CHUNK = 8;

  private final int[] lps;
  private final int chunk;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();

  /** @param woken the window's LPs in index order ({@link MemberLedger#beginWindow}) */
  WindowWork(int[] woken, int runners) {
    this.lps = woken;
    this.chunk = Math.max(MIN_CHUNK, lps.length / (runners * CHUNKS_PER_RUNNER));
  }

  /**
   * Runs chunks until none is left, each chunk's counters handed to the ledger under one lock.
   *
   * @return true if this runner finished the window's last LP (it then ends the window)
   */
  boolean run(MemberRuntime runtime, long endNs) {
    long start = runtime.wallNanos.getAsLong();
    int ran = 0;
    boolean last = false;
    for (int from = next.getAndAdd(chunk); from < lps.length; from = next.getAndAdd(chunk)) {
      int to = Math.min(lps.length, from + chunk);
      MemberLedger.WindowTally tally = new MemberLedger.WindowTally();
      try {
        for (int i = from; i < to; i++) {
          runtime.ledger.local(lps[i]).runWindow(endNs, tally);
        }
      } catch (RuntimeException bug) {
        runtime.ledger.recordFailure("window worker failed: " + bug);
      } finally {
        runtime.ledger.finishWindow(tally);
        ran += to - from;
        last |= finished.addAndGet(to - from) == lps.length;
      }
    }
    if (ran > 0) {
      runtime.lpBusyNanos.add(runtime.wallNanos.getAsLong() - start);
      runtime.lpWakes.add(ran);
    }
    return last;
  }
}
