package io.qbone.deploy.metrics;

import io.qbone.node.engine.RunProgress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Gauge;
import kamon.metric.Instrument;
import kamon.metric.MeasurementUnit;
import kamon.metric.Metric;
import kamon.tag.TagSet;

/**
 * Engine metrics read from {@link RunProgress} by a poller thread, so the engine itself does
 * nothing for them: events (counter and events per wall second), virtual time reached, windows,
 * and the mean window and barrier times over the last poll interval. Barrier time is the part of
 * a window's wall time in which the dispatcher threads did not run LPs (waiting for the slowest
 * share, the coordinators' messages): {@code window wall - LP busy / threads}.
 *
 * <p>Each poll also folds the model's telemetry into Kamon ({@link KamonTelemetry#fold()}), after
 * reading the progress and before publishing it: the engine counts a window's events only after
 * its LPs finished it, so a scrape whose event counter shows the whole run also holds every
 * model report of the run.
 */
public final class EngineMetrics implements AutoCloseable {
  public static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final MeasurementUnit SECONDS = MeasurementUnit.time().seconds();

  private final RunProgress progress;
  private final int threads;
  private final LongSupplier wallNanos;
  private final Runnable foldModel;
  private final ScheduledExecutorService poller;
  private final Counter events = fresh(Kamon.counter(MetricNames.ENGINE_EVENTS));
  private final Counter windows = fresh(Kamon.counter(MetricNames.ENGINE_WINDOWS));
  private final Gauge eventsPerSecond = fresh(Kamon.gauge(MetricNames.ENGINE_EVENTS_PER_SECOND));
  private final Gauge virtualTime = fresh(Kamon.gauge(MetricNames.ENGINE_VIRTUAL_TIME, SECONDS));
  private final Gauge windowTime = fresh(Kamon.gauge(MetricNames.ENGINE_WINDOW_TIME, SECONDS));
  private final Gauge barrierTime = fresh(Kamon.gauge(MetricNames.ENGINE_BARRIER_TIME, SECONDS));
  private long lastWall;
  private long lastEvents;
  private long lastWindows;
  private long lastWindowWall;
  private long lastBusy;

  /**
   * Starts polling {@code progress}.
   *
   * @param threads dispatcher threads of all members together
   * @param foldModel moves the model's buffered telemetry into Kamon, once per poll
   */
  public EngineMetrics(RunProgress progress, int threads, LongSupplier wallNanos,
      Runnable foldModel) {
    this.progress = progress;
    this.threads = threads;
    this.wallNanos = wallNanos;
    this.foldModel = foldModel;
    this.lastWall = wallNanos.getAsLong();
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "qbone-engine-metrics");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleAtFixedRate(this::poll, INTERVAL.toMillis(), INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * The metric's untagged instrument, new: an earlier run in this JVM may have left counts in
   * Kamon's registry that no snapshot took before Kamon stopped.
   */
  private static <I extends Instrument<I, S>, S extends Metric.Settings> I fresh(
      Metric<I, S> metric) {
    metric.remove(TagSet.Empty());
    return metric.withoutTags();
  }

  private synchronized void poll() {
    long now = wallNanos.getAsLong();
    long ev = progress.events();
    long win = progress.windows();
    long winWall = progress.windowWallNanos();
    long busy = progress.lpBusyNanos();
    long virtualNs = progress.virtualNs();
    foldModel.run();
    long elapsed = now - lastWall;
    if (ev > lastEvents) {
      events.increment(ev - lastEvents);
    }
    if (elapsed > 0) {
      eventsPerSecond.update((ev - lastEvents) * 1e9 / elapsed);
    }
    virtualTime.update(virtualNs / 1e9);
    long dWindows = win - lastWindows;
    if (dWindows > 0) {
      windows.increment(dWindows);
      double meanWindowNs = (double) (winWall - lastWindowWall) / dWindows;
      double meanBusyNs = (double) (busy - lastBusy) / dWindows / threads;
      windowTime.update(meanWindowNs / 1e9);
      barrierTime.update(Math.max(0, meanWindowNs - meanBusyNs) / 1e9);
    }
    lastWall = now;
    lastEvents = ev;
    lastWindows = win;
    lastWindowWall = winWall;
    lastBusy = busy;
  }

  /** Stops polling after a last poll, so the counters (engine and model) hold the whole run. */
  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    poll();
  }
}
