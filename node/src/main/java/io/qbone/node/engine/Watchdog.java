package io.qbone.node.engine;

/**
 * Limits that stop a run which cannot make progress in virtual time, with an error naming the LP
 * and the event type, instead of letting it hang or wrap around (docs/architecture.md, "Engine
 * watchdog"). Each costs at most one comparison per event.
 *
 * @param maxEventsPerInstant most events one LP may process at one virtual nanosecond; more is a
 *     livelock (e.g. a period that rounds to 0 ns)
 */
public record Watchdog(long maxEventsPerInstant) {
  /** System property that sets {@link #maxEventsPerInstant}. */
  public static final String EVENTS_PER_INSTANT = "qbone.engine.max-events-per-instant";
  public static final long DEFAULT_EVENTS_PER_INSTANT = 1_000_000;

  public Watchdog {
    if (maxEventsPerInstant < 1) {
      throw new IllegalArgumentException("the watchdog's events per instant must be >= 1, got "
          + maxEventsPerInstant);
    }
  }

  /** The limits of the system properties, else the defaults. */
  public static Watchdog fromSystem() {
    return new Watchdog(Long.getLong(EVENTS_PER_INSTANT, DEFAULT_EVENTS_PER_INSTANT));
  }
}
