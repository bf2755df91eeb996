package io.qbone.node.engine;

import java.util.function.LongSupplier;

/**
 * Real-time pacing: a window starting at virtual time T may open only once the wall clock has
 * run T / speed since the run started. With speed 0 every window may open at once.
 */
final class Pacer {
  private final double speed;
  private final LongSupplier wallNanos;
  private long wallStartNs;

  Pacer(double speed, LongSupplier wallNanos) {
    this.speed = speed;
    this.wallNanos = wallNanos;
  }

  /** Virtual time 0 corresponds to now. */
  void start() {
    wallStartNs = wallNanos.getAsLong();
  }

  /** The virtual time the wall clock has reached (paced runs only). */
  long virtualNow() {
    return (long) ((wallNanos.getAsLong() - wallStartNs) * speed);
  }

  /** Wall nanoseconds to wait before the window starting at {@code virtualStartNs}; 0 if due. */
  long waitNanos(long virtualStartNs) {
    if (speed == 0) {
      return 0;
    }
    long due = wallStartNs + (long) (virtualStartNs / speed);
    return Math.max(0, due - wallNanos.getAsLong());
  }
}
