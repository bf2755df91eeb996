package io.qbone.deploy.metrics;

/**
 * Kamon metric names of the model and engine metrics (docs/metrics.md). Prometheus sees them
 * with dots and dashes as underscores, {@code _total} after counters and {@code _seconds} after
 * time metrics.
 */
public final class MetricNames {
  public static final String PAIRS_DELIVERED = "qbone.pairs.delivered";
  public static final String PAIR_INFIDELITY = "qbone.pair.infidelity.e4";
  public static final String PAIR_LATENCY = "qbone.pair.latency";
  public static final String LINK_PAIRS = "qbone.link.pairs";
  public static final String LINK_INFIDELITY = "qbone.link.infidelity.e4";
  public static final String MEMORY_IN_USE = "qbone.memory.in-use";
  public static final String MEMORY_CAPACITY = "qbone.memory.capacity";
  public static final String SWAPS = "qbone.swaps";
  public static final String PURIFICATIONS = "qbone.purifications";
  public static final String REQUESTS = "qbone.requests";
  public static final String REQUEST_FAILURES = "qbone.request.failures";
  public static final String REQUEST_ADMISSIONS = "qbone.request.admissions";
  public static final String REQUEST_PAIRS_DELIVERED = "qbone.request.pairs.delivered";
  public static final String REQUEST_PAIR_INFIDELITY = "qbone.request.pair.infidelity.e4";
  public static final String REQUEST_PAIR_LATENCY = "qbone.request.pair.latency";
  public static final String KEY_BITS = "qbone.key.bits";
  public static final String QBER = "qbone.qber";
  public static final String KEY_POOL_BITS = "qbone.key.pool.bits";
  public static final String ALARMS = "qbone.alarms";
  public static final String ENGINE_EVENTS = "qbone.engine.events";
  public static final String ENGINE_EVENTS_PER_SECOND = "qbone.engine.events-per-second";
  public static final String ENGINE_VIRTUAL_TIME = "qbone.engine.virtual-time";
  public static final String ENGINE_WINDOWS = "qbone.engine.windows";
  public static final String ENGINE_WINDOW_TIME = "qbone.engine.window-time";
  public static final String ENGINE_BARRIER_TIME = "qbone.engine.barrier-time";

  private MetricNames() {}
}
