package io.qbone.deploy.scenario;

/**
 * The physical ranges of scenario values that the model records do not check themselves
 * (docs/scenario-reference.md, "Physical ranges"): times between the 1 ns resolution of virtual
 * time and a maximum that leaves room above the end of the longest run, and rates and intervals
 * bounded so that no single source of events (a flow, a node's arrivals, a link, a demand)
 * schedules more than {@link #maxEventsPerMicrosecond()} events per virtual microsecond. Values
 * beyond them made runs livelock at one virtual instant or overflow the 2^63 ns of virtual time.
 */
final class Ranges {
  /** The resolution of virtual time: positive times below it round to 0 ns. */
  static final double RESOLUTION_S = 1e-9;
  /**
   * Longest run and latest time anything may be written for: 10^9 s (31.7 years) is 10^18 ns,
   * which leaves 8.2·10^18 ns of the 2^63 ns of virtual time for timeouts and waits drawn past it.
   */
  static final double MAX_TIME_S = 1e9;
  /**
   * Longest mean wait for a random event (a link's first heralded pair, a QKD block): the engine
   * draws up to 37 times the mean (-ln 2^-53), and 37 · 10^8 s stays below the 8.2·10^18 ns left
   * above the longest run. A link that needs years for one pair delivers nothing in any run.
   */
  static final double MAX_MEAN_WAIT_S = 1e8;
  /**
   * Longest mean time to a link's first pair: the age of the universe (4.35·10^17 s). Slower
   * links are refused as absurd (p underflowing, periods of ages); a link slower than virtual time
   * (2^63 ns ≈ 292 years) but faster than this is accepted and never heralds (the engine does not
   * schedule a success beyond virtual time), like a long fibre that a routing protocol avoids.
   */
  static final double MAX_LINK_MEAN_WAIT_S = 4.35e17;
  /** System property that sets {@link #maxEventsPerMicrosecond()}. */
  static final String EVENTS_PROPERTY = "qbone.scenario.max-events-per-us";
  /** Default bound: one event every 10 ns from any one source. */
  static final double DEFAULT_EVENTS_PER_US = 100;

  private final double maxEventsPerUs;

  Ranges(double maxEventsPerUs) {
    if (!(maxEventsPerUs > 0 && maxEventsPerUs <= 1000)) {
      // More than one event per ns from a source cannot be told apart in time.
      throw new IllegalArgumentException("the events-per-µs bound must be in (0, 1000], got "
          + maxEventsPerUs);
    }
    this.maxEventsPerUs = maxEventsPerUs;
  }

  /** The bound of {@link #EVENTS_PROPERTY}, else {@link #DEFAULT_EVENTS_PER_US}. */
  static Ranges fromSystem() {
    String v = System.getProperty(EVENTS_PROPERTY);
    if (v == null || v.isBlank()) {
      return new Ranges(DEFAULT_EVENTS_PER_US);
    }
    try {
      return new Ranges(Double.parseDouble(v.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + EVENTS_PROPERTY + " must be a number, got '" + v
          + "'", e);
    }
  }

  double maxEventsPerMicrosecond() {
    return maxEventsPerUs;
  }

  /** Shortest interval between events of one source, in seconds. */
  double minIntervalS() {
    return 1e-6 / maxEventsPerUs;
  }

  /** Highest rate of events of one source, per second. */
  double maxRatePerS() {
    return maxEventsPerUs * 1e6;
  }

  /** A point in virtual time (a start, a stop): 0 to {@link #MAX_TIME_S}. */
  static void instant(YamlMap m, String key, double s) {
    if (!(s >= 0 && s <= MAX_TIME_S)) {
      throw m.error(key, "expected a time in [0, " + g(MAX_TIME_S) + "] s (virtual time holds "
          + "2^63 ns; the latest run ends at 1e9 s), got " + g(s));
    }
  }

  /** A positive length of time: from the 1 ns resolution to {@link #MAX_TIME_S}. */
  static void span(YamlMap m, String key, double s) {
    if (!(s >= RESOLUTION_S && s <= MAX_TIME_S)) {
      throw m.error(key, "expected a time in [1e-9, " + g(MAX_TIME_S) + "] s (virtual time "
          + "counts whole ns, so a shorter time would round to 0; the latest run ends at 1e9 s), "
          + "got " + g(s));
    }
  }

  /** A length of time where 0 means "none": 0, or a {@link #span}. */
  static void spanOrZero(YamlMap m, String key, double s) {
    if (s != 0) {
      if (!(s >= RESOLUTION_S && s <= MAX_TIME_S)) {
        throw m.error(key, "expected 0 or a time in [1e-9, " + g(MAX_TIME_S) + "] s (virtual "
            + "time counts whole ns, so a shorter time would round to 0; the latest run ends at "
            + "1e9 s), got " + g(s));
      }
    }
  }

  /** The period of a source of events: a {@link #span} of at least {@link #minIntervalS()}. */
  void period(YamlMap m, String key, double s, String source) {
    if (!(s >= minIntervalS() && s <= MAX_TIME_S)) {
      throw m.error(key, "expected an interval in [" + g(minIntervalS()) + ", " + g(MAX_TIME_S)
          + "] s (" + source + " may schedule at most " + g(maxEventsPerUs) + " events per "
          + "virtual µs, -D" + EVENTS_PROPERTY + "; the latest run ends at 1e9 s), got " + g(s));
    }
  }

  /**
   * A rate of events of one source, per second (0 allowed when {@code zeroAllowed}): at most
   * {@link #maxRatePerS()}, and if positive its mean interval at most {@link #MAX_MEAN_WAIT_S}.
   */
  void rate(YamlMap m, String key, double perS, String source, boolean zeroAllowed) {
    double min = 1 / MAX_MEAN_WAIT_S;
    boolean ok = (zeroAllowed && perS == 0) || (perS >= min && perS <= maxRatePerS());
    if (!ok) {
      throw m.error(key, "expected " + (zeroAllowed ? "0 or " : "") + "a rate in [" + g(min)
          + ", " + g(maxRatePerS()) + "] per s (" + source + " may schedule at most "
          + g(maxEventsPerUs) + " events per virtual µs, -D" + EVENTS_PROPERTY
          + "; a mean wait beyond 1e8 s overflows virtual time), got " + g(perS));
    }
  }

  /** Shortest text for a double: integers without ".0", others as Java prints them. */
  static String g(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
