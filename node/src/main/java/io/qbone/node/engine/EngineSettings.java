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
 * @param watchdog when a run that cannot progress in virtual time is stopped
 */
public record EngineSettings(long lookaheadNs, long endNs, long seed, double realTimeSpeed,
    long pacedFromNs, Watchdog watchdog) {
  /** With the watchdog of the system properties (or its defaults). */
  public EngineSettings(long lookaheadNs, long endNs, long seed, double realTimeSpeed,
      long pacedFromNs) {
    this(lookaheadNs, endNs, seed, realTimeSpeed, pacedFromNs, Watchdog.fromSystem());
  }

  /** Paced from the start (or not paced at all). */
  public EngineSettings(long lookaheadNs, long endNs, long seed, double realTimeSpeed) {
    this(lookaheadNs, endNs, seed, realTimeSpeed, 0);
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
    if (pacedFromNs < 0) {
      throw new IllegalArgumentException("pacing must start at >= 0 ns, got " + pacedFromNs);
    }
    java.util.Objects.requireNonNull(watchdog, "watchdog");
  }
}
