package io.qbone.node.engine;

import java.util.function.LongSupplier;

/**
 * Real-time pacing: a window starting at virtual time T may open only once the wall clock has
 * run (T − P) / speed since the first window at or after P, the virtual time pacing starts from.
 * Windows before P open at once (catching up: a restarted service re-runs its model quickly to
 * where it stopped). With speed 0 every window may open at once.
 */
final class Pacer {
  private final double speed;
  private final long pacedFromNs;
  private final LongSupplier wallNanos;
  /** Wall time at which virtual time {@link #pacedFromNs} was reached; valid once anchored. */
  private long wallAnchorNs;
  private boolean anchored;

  Pacer(double speed, LongSupplier wallNanos) {
    this(speed, 0, wallNanos);
  }

  Pacer(double speed, long pacedFromNs, LongSupplier wallNanos) {
    this.speed = speed;
    this.pacedFromNs = pacedFromNs;
    this.wallNanos = wallNanos;
  }

  /** The run starts now; without a catch-up, virtual time 0 corresponds to now. */
  void start() {
    anchored = pacedFromNs == 0;
    wallAnchorNs = wallNanos.getAsLong();
  }

  /** The virtual time the wall clock has reached (paced runs only; while catching up, P). */
  long virtualNow() {
    if (!anchored) {
      return pacedFromNs;
    }
    return pacedFromNs + (long) ((wallNanos.getAsLong() - wallAnchorNs) * speed);
  }

  /** Wall nanoseconds to wait before the window starting at {@code virtualStartNs}; 0 if due. */
  long waitNanos(long virtualStartNs) {
    if (speed == 0 || virtualStartNs < pacedFromNs) {
      return 0;
    }
    if (!anchored) {
      // The catch-up is over: virtual time P is now.
      anchored = true;
      wallAnchorNs = wallNanos.getAsLong();
    }
    long due = wallAnchorNs + (long) ((virtualStartNs - pacedFromNs) / speed);
    return Math.max(0, due - wallNanos.getAsLong());
  }
}
