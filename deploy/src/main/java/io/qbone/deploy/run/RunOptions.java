package io.qbone.deploy.run;

/**
 * How to run a scenario, independent of what it models.
 *
 * @param members cluster members: in this JVM, or member processes
 * @param threads dispatcher threads per member
 * @param realTimeSpeed 0 = as fast as possible, else virtual seconds per wall second
 * @param serializeAll serialize every message, even local ones (tests)
 * @param pacedFromS with real-time pacing, run as fast as possible up to this virtual time and
 *     pace from there (a restarted {@code qbone serve} catching up); 0: paced from the start
 */
public record RunOptions(int members, int threads, double realTimeSpeed, boolean serializeAll,
    double pacedFromS) {
  public RunOptions(int members, int threads, double realTimeSpeed, boolean serializeAll) {
    this(members, threads, realTimeSpeed, serializeAll, 0);
  }

  public static RunOptions defaults() {
    return new RunOptions(1, Math.max(1, Runtime.getRuntime().availableProcessors()), 0, false);
  }
}
