package io.qbone.node.engine;

/**
 * Parameters of one run of the engine.
 *
 * @param lookaheadNs window length: the smallest delay of any message between two LPs
 * @param endNs virtual time at which the run stops; events at or after it are not processed
 * @param seed run seed from which every LP's random streams are derived
 * @param realTimeSpeed 0 for as fast as possible; otherwise virtual seconds per wall second
 * @param pacedFromNs with real-time pacing: windows before this virtual time run as fast as
 *     possible, pacing starts there (0: paced from the start)
 * @param memberLookaheadNs epoch length: the smallest delay of any message between LPs of
 *     different members (the shortest cut link's), at least {@code lookaheadNs}; members
 *     synchronise once per epoch and run windows of {@code lookaheadNs} inside it on their own
 * @param watchdog when a run that cannot progress in virtual time is stopped
 */
public record EngineSettings(long lookaheadNs, long endNs, long seed, double realTimeSpeed,
    long pacedFromNs, long memberLookaheadNs, Watchdog watchdog) {
  /** Paced from the start (or not paced at all); members synchronise every lookahead. */
  public EngineSettings(long lookaheadNs, long endNs, long seed, double realTimeSpeed) {
    this(lookaheadNs, endNs, seed, realTimeSpeed, 0);
  }

  /** Members synchronise every lookahead; the watchdog of the system properties. */
  public EngineSettings(long lookaheadNs, long endNs, long seed, double realTimeSpeed,
      long pacedFromNs) {
    this(lookaheadNs, endNs, seed, realTimeSpeed, pacedFromNs, Watchdog.fromSystem());
  }

  /** Members synchronise every lookahead. */
  public EngineSettings(long lookaheadNs, long endNs, long seed, double realTimeSpeed,
      long pacedFromNs, Watchdog watchdog) {
    this(lookaheadNs, endNs, seed, realTimeSpeed, pacedFromNs, lookaheadNs, watchdog);
  }

  /** These settings with members synchronising every {@code ns} (at least the lookahead). */
  public EngineSettings withMemberLookaheadNs(long ns) {
    return new EngineSettings(lookaheadNs, endNs, seed, realTimeSpeed, pacedFromNs, ns,
        watchdog);
  }

  public EngineSettings {
    if (lookaheadNs <= 0) {
      throw new IllegalArgumentException("lookahead must be > 0 ns, got " + lookaheadNs);
    }
    if (endNs <= 0) {
      throw new IllegalArgumentException("run length must be > 0 ns, got " + endNs);
    }
    if (!(realTimeSpeed >= 0) || Double.isInfinite(realTimeSpeed)) {
      throw new IllegalArgumentException("real-time speed must be >= 0, got " + realTimeSpeed);
    }
    if (memberLookaheadNs < lookaheadNs) {
      throw new IllegalArgumentException("member lookahead must be >= the lookahead "
          + lookaheadNs + " ns, got " + memberLookaheadNs);
    }
    if (pacedFromNs < 0) {
      throw new IllegalArgumentException("pacing must start at >= 0 ns, got " + pacedFromNs);
    }
    java.util.Objects.requireNonNull(watchdog, "watchdog");
  }
}
