package io.qbone.node.engine;

/**
 * How far a run has come, published by the global coordinator after every window for whoever
 * displays it (the CLI's progress bar). Values only; the engine never waits on a listener.
 */
public final class RunProgress {
  private volatile long virtualNs;
  private volatile long events;

  /** Virtual time every LP has reached. */
  public long virtualNs() {
    return virtualNs;
  }

  /** Events processed so far by all LPs. */
  public long events() {
    return events;
  }

  void update(long reachedNs, long eventsSoFar) {
    events = eventsSoFar;
    virtualNs = reachedNs;
  }
}
