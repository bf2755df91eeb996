package io.qbone.node.engine;

/**
 * How far a run has come, published by the global coordinator after every window for whoever
 * displays it (the CLI's progress bar, the metrics poller). Values only; the engine never waits
 * on a listener. Each value is published on its own, so a reader may see one window's values
 * mixed with the next's; readers that take differences over seconds do not mind.
 */
public final class RunProgress {
  private volatile long virtualNs;
  private volatile long events;
  private volatile long windows;
  private volatile long windowWallNanos;
  private volatile long lpBusyNanos;

  /** Virtual time every LP has reached. */
  public long virtualNs() {
    return virtualNs;
  }

  /** Events processed so far by all LPs. */
  public long events() {
    return events;
  }

  /** Windows closed so far. */
  public long windows() {
    return windows;
  }

  /** Wall time from opening to closing each window, summed over the closed windows. */
  public long windowWallNanos() {
    return windowWallNanos;
  }

  /** Wall time window workers spent running LPs, summed over all workers of all members. */
  public long lpBusyNanos() {
    return lpBusyNanos;
  }

  void update(long reachedNs, long eventsSoFar, long windowsSoFar, long windowWallSoFar,
      long lpBusySoFar) {
    events = eventsSoFar;
    windows = windowsSoFar;
    windowWallNanos = windowWallSoFar;
    lpBusyNanos = lpBusySoFar;
    virtualNs = reachedNs;
  }
}
