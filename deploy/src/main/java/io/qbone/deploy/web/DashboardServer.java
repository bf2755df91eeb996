package io.qbone.deploy.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The live web dashboard and JSON API of a run (docs/dashboard.md, docs/api.md), served by Pekko
 * HTTP from its own small ActorSystem (on 127.0.0.1 unless told otherwise), apart from the run's
 * cluster members, so it can start before the run and outlive it. The page and its libraries
 * come from the jar.
 */
public final class DashboardServer extends AllDirectives implements AutoCloseable {
  /** How often the server samples rates and pushes metrics to open pages. */
  static final Duration PUSH_INTERVAL = Duration.ofMillis(500);

  private final LiveRun run;
  private final MetricsView metrics;
  private final LiveRequests requests;
  private final ActorSystem<Void> system;
  /** Requests wait here for their injection's stamp, off the HTTP dispatcher. */
  private final ExecutorService waiting = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "qbone-api-request");
    t.setDaemon(true);
    return t;
  });
  private final Cancellable sampler;
  private final ServerBinding binding;

  private DashboardServer(LiveRun run, String host, int port) throws Exception {
    this.run = run;
    this.metrics = new MetricsView(run);
    this.requests = new LiveRequests(run);
    this.system = ActorSystem.create(Behaviors.empty(), "qbone-web", ConfigFactory.parseString(
        "pekko.loglevel = WARNING\npekko.http.server.remote-address-header = off\n"
            + "pekko.coordinated-shutdown.exit-jvm = off")
        .withFallback(ConfigFactory.load()));
    this.sampler = system.scheduler().scheduleAtFixedRate(
        Duration.ZERO, PUSH_INTERVAL, metrics::sample, system.executionContext());
    try {
      this.binding = Http.get(system).newServerAt(host, port).bind(routes())
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      shutdown();
      throw e;
    }
  }

  /**
   * Serves {@code run} on {@code 127.0.0.1:port} (0: any free port).
   *
   * @throws Exception when the port cannot be bound
   */
  public static DashboardServer start(LiveRun run, int port) throws Exception {
    return start(run, "127.0.0.1", port);
  }

  /**
   * Serves {@code run} on {@code host:port}: loopback by default; a pod gives its own IP. The
   * dashboard and API carry no key material, so they stay plain HTTP (docs/kubernetes.md).
   *
   * @throws Exception when the address cannot be bound
   */
  public static DashboardServer start(LiveRun run, String host, int port) throws Exception {
    return new DashboardServer(run, host, port);
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  public String url() {
    String host = binding.localAddress().getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
  }

  private Route routes() {
    return concat(
        pathSingleSlash(() -> getFromResource("web/index.html", ContentTypes.TEXT_HTML_UTF8)),
        pathPrefix("web", () -> getFromResourceDirectory("web")),
        pathPrefix("api", () -> concat(
            path("status", () -> get(() -> json(run::status))),
            path("topology", () -> get(() -> json(run::topology))),
            path("metrics", () -> get(() -> extractRequest(r -> complete(
                jsonBytes(metrics.render()))))),
            path("events", () -> get(this::events)),
            path("faults", () -> post(() -> entity(Unmarshaller.entityToString(),
                body -> answer(() -> requests.fault(body))))),
            path("requests", () -> post(() -> entity(Unmarshaller.entityToString(),
                body -> answer(() -> requests.entanglement(body))))),
            path("keys", () -> post(() -> respond(LiveRequests.error(501,
                "key requests need key pools and a KME (ETSI GS QKD 014), which runs do not "
                    + "host yet")))))));
  }

  /** Server-sent events: the metrics every push interval, named "metrics". */
  private Route events() {
    Source<ServerSentEvent, NotUsed> stream = Source.tick(Duration.ZERO, PUSH_INTERVAL, "tick")
        .map(tick -> ServerSentEvent.create(
            new String(metrics.latest(), StandardCharsets.UTF_8), "metrics"))
        .mapMaterializedValue(cancellable -> NotUsed.getInstance());
    return completeOK(stream, EventStreamMarshalling.toEventStream());
  }

  /** 200 with {@code body} rendered per request (extractRequest defers it). */
  private Route json(Supplier<ObjectNode> body) {
    return extractRequest(r -> respond(new LiveRequests.Answer(200, body.get())));
  }

  private static HttpResponse jsonBytes(byte[] body) {
    return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  private Route answer(Supplier<LiveRequests.Answer> handler) {
    return completeWithFuture(CompletableFuture.supplyAsync(handler, waiting)
        .thenApply(DashboardServer::response));
  }

  private Route respond(LiveRequests.Answer a) {
    return complete(response(a));
  }

  private static HttpResponse response(LiveRequests.Answer a) {
    try {
      return HttpResponse.create().withStatus(StatusCodes.get(a.status()))
          .withEntity(ContentTypes.APPLICATION_JSON, LiveRun.JSON.writeValueAsBytes(a.body()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void shutdown() {
    waiting.shutdownNow();
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Best effort: the process is ending anyway.
    }
  }

  @Override
  public void close() {
    sampler.cancel();
    binding.unbind();
    shutdown();
  }
}
