package io.qbone.node.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The woken LPs of one window on one member, split among the window runners. Each runner has a
 * home segment, the woken LPs of one fixed range of LP indices (runner k of R: indices from
 * k·n/R), which it runs first, in chunks; a runner done with its home takes the chunks left in
 * the others' segments, so a runner that starts late or draws busy LPs does not hold the window
 * open. Fixed homes keep an LP on the same thread from window to window: when chunks were handed
 * to whichever runner asked, LPs changed cores every other window and the LPs' own work took up
 * to 1.8× longer with two threads than with one (their state moved between the cores' caches).
 * Segments are contiguous index ranges, so scenario neighbours, which message each other, mostly
 * run on one thread.
 */
final class WindowWork {
  /** Chunks per segment: small enough for another runner to share a late segment's work. */
  private static final int CHUNKS_PER_SEGMENT = 8;
  private static final int MIN_CHUNK = 8;

  private final int[] lps;
  /** Segment s holds lps[segmentStart[s], segmentStart[s + 1]). */
  private final int[] segmentStart;
  /** Per segment: the position of its next chunk. */
  private final AtomicInteger[] next;
  private final int[] chunk;
  private final AtomicInteger finished = new AtomicInteger();
  /** Set by the one runner that ends the window (reports it done). */
  private final AtomicBoolean ended = new AtomicBoolean();

  /**
   * @param woken the window's LPs in index order ({@link MemberLedger#beginWindow})
   * @param lpCount LPs in the run (the index ranges of the homes are fractions of it)
   * @param runners the coordinator and its helpers
   */
  WindowWork(int[] woken, int lpCount, int runners) {
    this.lps = woken;
    this.segmentStart = new int[runners + 1];
    this.next = new AtomicInteger[runners];
    this.chunk = new int[runners];
    int at = 0;
    for (int s = 0; s < runners; s++) {
      segmentStart[s] = at;
      long firstOfNext = (long) (s + 1) * lpCount / runners;
      while (at < woken.length && woken[at] < firstOfNext) {
        at++;
      }
      next[s] = new AtomicInteger(segmentStart[s]);
      chunk[s] = Math.max(MIN_CHUNK, (at - segmentStart[s]) / CHUNKS_PER_SEGMENT);
    }
    segmentStart[runners] = woken.length;
  }

  /**
   * Runs chunks, those of segment {@code home} first, until none is left in any segment; each
   * chunk's counters are handed to the ledger under one lock.
   *
   * @return true if this runner finished the window's last LP (it may then end the window)
   */
  boolean run(MemberRuntime runtime, long endNs, int home) {
    long start = runtime.wallNanos.getAsLong();
    int ran = 0;
    boolean last = false;
    int segments = next.length;
    for (int i = 0; i < segments; i++) {
      int s = (home + i) % segments;
      int end = segmentStart[s + 1];
      for (int from = next[s].getAndAdd(chunk[s]); from < end; from = next[s].getAndAdd(chunk[s])) {
        int to = Math.min(end, from + chunk[s]);
        MemberLedger.WindowTally tally = new MemberLedger.WindowTally();
        try {
          for (int k = from; k < to; k++) {
            runtime.ledger.local(lps[k]).runWindow(endNs, tally);
          }
        } catch (RuntimeException bug) {
          runtime.ledger.recordFailure("window worker failed: " + bug, false);
        } finally {
          runtime.ledger.finishWindow(tally);
          ran += to - from;
          last |= finished.addAndGet(to - from) == lps.length;
        }
      }
    }
    if (ran > 0) {
      runtime.lpBusyNanos.add(runtime.wallNanos.getAsLong() - start);
      runtime.lpWakes.add(ran);
    }
    return last;
  }

  /** Whether chunks are left for a runner to take. */
  boolean hasChunks() {
    for (int s = 0; s < next.length; s++) {
      if (next[s].get() < segmentStart[s + 1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Waits, spinning up to the runtime's spin time, for the other runners to finish their chunks (a
   * chunk is a small part of a window: a short spin costs less than an actor message and a thread
   * wake-up).
   *
   * @return true if every LP of the window has run
   */
  boolean awaitFinished(MemberRuntime runtime) {
    return runtime.spinUntil(() -> finished.get() == lps.length);
  }

  /** Claims the window's end for the caller; true for exactly one caller. */
  boolean claimEnd() {
    return ended.compareAndSet(false, true);
  }
}
