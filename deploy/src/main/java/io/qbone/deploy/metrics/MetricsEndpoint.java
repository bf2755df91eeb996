package io.qbone.deploy.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import kamon.Kamon;
import scala.concurrent.Await;

/**
 * Kamon with its Prometheus endpoint, for the length of a run. Kamon is one per JVM: start one
 * endpoint at a time and close it before starting the next.
 *
 * <p>{@code instrumentation} attaches kamon-bundle's Kanela agent, which instruments Pekko
 * (actors, dispatchers, remoting); without it only the model, engine and JVM metrics are
 * reported. Kamon's status page (which would listen on every interface) and host metrics are
 * off; Prometheus listens on {@code host} only.
 */
public final class MetricsEndpoint implements AutoCloseable {
  /** The default scrape address of {@code qbone run}. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9095;
  /**
   * How often Kamon snapshots its instruments; a scrape shows the last snapshot. Each tick merges
   * and renders every series (thousands on a 1,000-node network) on the cores the engine's
   * window threads run on: at 1 s the reporter took 19 % as many profile samples as the window
   * threads, at 5 s 8 % (docs/performance.md). Prometheus scrapes every 15 s by default.
   */
  public static final Duration TICK = Duration.ofSeconds(5);

  private final String host;
  private final int port;

  private MetricsEndpoint(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * Starts Kamon and the endpoint at {@code http://host:port/metrics}.
   *
   * @throws PortInUseException when the port cannot be bound (Kamon itself would only log it)
   */
  public static MetricsEndpoint start(String host, int port, boolean instrumentation) {
    requireFree(host, port);
    Config config = settings(host, port).withFallback(ConfigFactory.load());
    if (instrumentation) {
      Kamon.init(config);
    } else {
      Kamon.initWithoutAttaching(config);
    }
    return new MetricsEndpoint(host, port);
  }

  static Config settings(String host, int port) {
    return ConfigFactory.parseString(String.join("\n",
        "kamon.metric.tick-interval = " + TICK.toMillis() + "ms",
        "kamon.init.hide-banner = yes",
        "kamon.modules.status-page.enabled = no",
        "kamon.modules.host-metrics.enabled = no",
        // Kamon's default wakes a thread every millisecond to time JVM pauses: on two busy cores
        // that preempts the engine a thousand times a second (about 1 % of its cycles).
        // Pauses longer than 10 ms are still seen.
        "kamon.instrumentation.system.process.hiccup-monitor-interval = 10ms",
        // The engine runs its windows on the members' default dispatcher, and the barrier
        // between two windows waits for its tasks: timing each one there delays every window
        // (docs/performance.md). The engine's own metrics report window and busy time instead.
        // Kamon's filter sees the dispatcher's name only, so this leaves out the default
        // dispatcher of every actor system in the JVM.
        "kamon.instrumentation.pekko.filters.dispatchers.excludes = "
            + "[\"pekko.actor.default-dispatcher\"]",
        "kamon.prometheus.embedded-server.hostname = \"" + host + "\"",
        "kamon.prometheus.embedded-server.port = " + port,
        // Infidelity in 1e-4 units (FidelityUnits): 1e-4 .. 1, log-spaced.
        "kamon.prometheus.buckets.custom {",
        "  \"" + MetricNames.PAIR_INFIDELITY + "\" = " + FidelityUnits.PROMETHEUS_BUCKETS,
        "  \"" + MetricNames.LINK_INFIDELITY + "\" = " + FidelityUnits.PROMETHEUS_BUCKETS,
        "  \"" + MetricNames.REQUEST_PAIR_INFIDELITY + "\" = " + FidelityUnits.PROMETHEUS_BUCKETS,
        "  \"" + MetricNames.PAIR_LATENCY + "\" = " + LATENCY_BUCKETS,
        "  \"" + MetricNames.REQUEST_PAIR_LATENCY + "\" = " + LATENCY_BUCKETS,
        "}"));
  }

  /** Pair latency buckets in seconds: 10 µs .. 10 s, about three per decade. */
  private static final String LATENCY_BUCKETS =
      "[1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]";

  private static void requireFree(String host, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new PortInUseException(host, port, e);
    }
  }

  /** Where Prometheus scrapes. */
  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/metrics";
  }

  /** Stops Kamon: the endpoint closes and every reporter stops. */
  @Override
  public void close() {
    try {
      Await.result(Kamon.stop(), scala.concurrent.duration.Duration.create(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException("Kamon did not stop: " + e, e);
    }
  }

  /** The metrics port is taken or the host cannot be bound. */
  public static final class PortInUseException extends RuntimeException {
    PortInUseException(String host, int port, IOException cause) {
      super("cannot listen for Prometheus on " + host + ":" + port + " (" + cause.getMessage()
          + ")", cause);
    }
  }
}
