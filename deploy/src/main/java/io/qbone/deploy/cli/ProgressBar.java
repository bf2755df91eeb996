package io.qbone.deploy.cli;

import io.qbone.node.engine.RunProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on a terminal: virtual time done out of the run length, events per
 * wall second and the estimated time left. Redrawn in place a few times a second; used only when
 * the output is a terminal, so scripts and CI logs stay clean.
 */
final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;
  private static final long REFRESH_MS = 250;

  private final RunProgress progress;
  private final long endNs;
  private final PrintStream out;
  private final LongSupplier wallNanos;
  private final ScheduledExecutorService timer;
  private long startWallNs = -1;

  ProgressBar(RunProgress progress, long endNs, PrintStream out, LongSupplier wallNanos) {
    this.progress = progress;
    this.endNs = endNs;
    this.out = out;
    this.wallNanos = wallNanos;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "qbone-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::draw, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
  }

  private void draw() {
    long events = progress.events();
    if (events == 0) {
      return; // the cluster is still starting
    }
    long now = wallNanos.getAsLong();
    if (startWallNs < 0) {
      startWallNs = now;
    }
    out.print("\r" + line(progress.virtualNs(), endNs, events, (now - startWallNs) / 1e9));
    out.flush();
  }

  /** The bar's text for a run {@code virtualNs} of {@code endNs} in, after {@code wallS}. */
  static String line(long virtualNs, long endNs, long events, double wallS) {
    double done = Math.min(1.0, (double) virtualNs / endNs);
    int filled = (int) Math.round(done * WIDTH);
    String eta = done > 0 && wallS > 0
        ? String.format(Locale.ROOT, "%.0f s", wallS * (1 - done) / done) : "?";
    return String.format(Locale.ROOT, "[%s%s] %5.1f%% virtual %.6f/%.6f s | %,.0f events/s | ETA %s ",
        "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * done, virtualNs / 1e9, endNs / 1e9,
        wallS > 0 ? events / wallS : 0.0, eta);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (startWallNs >= 0) {
      out.print("\r" + " ".repeat(line(endNs, endNs, 0, 1).length()) + "\r");
      out.flush();
    }
  }
}
