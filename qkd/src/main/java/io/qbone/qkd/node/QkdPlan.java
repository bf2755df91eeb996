package io.qbone.qkd.node;

import io.qbone.node.network.Link;
import io.qbone.node.network.Topology;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.qkd.fault.FaultDelivery;
import io.qbone.qkd.link.Bbm92Config;
import io.qbone.qkd.link.QkdLinkConfig;
import io.qbone.qkd.pool.KeyBlockSink;
import io.qbone.qkd.qrng.EntropySource;
import io.qbone.qkd.relay.KeyDemandConfig;
import io.qbone.qkd.relay.KeyRoutes;
import io.qbone.router.network.NetworkPlan;
import io.qbone.router.routing.Route;
import io.qbone.router.routing.RouteMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the QKD node models of a run share, computed once: the key channels, the key demands, the
 * classical delay from every node to every demand source (for channel-state notices), the
 * entropy source and where key leaves the emulation. Immutable apart from the shared entropy
 * source, which is thread-safe.
 */
public final class QkdPlan {
  private final NetworkPlan network;
  private final QkdConfig config;
  private final List<KeyChannel> channels;
  private final int[][] channelsByNode;
  private final int[] bbm92ChannelByFlow;
  private final List<KeyDemandConfig> demands;
  private final int[] demandFrom;
  private final int[] demandTo;
  /** Demand source nodes, ascending. */
  private final int[] sources;
  /** delayToSource[i][v]: classical delay from node v to sources[i] (shortest fibre path). */
  private final long[][] delayToSource;
  private final KeyRoutes routes;
  private final FaultDelivery faults;
  private final KeyBlockSink sink;
  private final Telemetry telemetry;
  private final EntropySource sharedEntropy;
  private final boolean retainKeys;

  /**
   * @param retainKeys keep every pool's spent stream and every delivered key in memory (tests
   *     compare both ends bit for bit); off for normal runs
   * @throws IllegalArgumentException when the configuration names a link, flow or node the
   *     network lacks (the scenario loader reports these with their lines first)
   */
  public QkdPlan(NetworkPlan network, QkdConfig config, FaultDelivery faults, KeyBlockSink sink,
      Telemetry telemetry, boolean retainKeys) {
    this.network = network;
    this.config = config;
    this.faults = faults;
    this.sink = sink;
    this.telemetry = telemetry;
    this.retainKeys = retainKeys;
    Topology t = network.topology();
    List<KeyChannel> chs = new ArrayList<>();
    for (QkdLinkConfig lc : config.links()) {
      Link link = linkBetween(t, node(t, lc.a()), node(t, lc.b()));
      chs.add(new KeyChannel(chs.size(), link.a(), link.b(), link.delayNs(), link.index(), -1,
          lc.model(), lc.blockBits() > 0 ? lc.blockBits() : config.blockBits(), 1, t.node(link.a()).name() + "-" + t.node(link.b()).name(),
          lc.technology()));
    }
    this.bbm92ChannelByFlow = new int[network.flowCount()];
    Arrays.fill(bbm92ChannelByFlow, -1);
    for (Bbm92Config bc : config.bbm92()) {
      int f = flowIndex(network, bc.flow());
      Route r = network.route(f);
      bbm92ChannelByFlow[f] = chs.size();
      chs.add(new KeyChannel(chs.size(), r.source(), r.destination(),
          r.delayToDestinationNs(0), -1, f, null, bc.blockBits(), bc.sifting(),
          t.node(r.source()).name() + "-" + t.node(r.destination()).name(), "bbm92"));
    }
    this.channels = List.copyOf(chs);
    this.channelsByNode = byNode(t.nodeCount(), channels);
    this.demands = config.demands();
    this.demandFrom = new int[demands.size()];
    this.demandTo = new int[demands.size()];
    for (int d = 0; d < demands.size(); d++) {
      demandFrom[d] = node(t, demands.get(d).from());
      demandTo[d] = node(t, demands.get(d).to());
    }
    this.sources = Arrays.stream(demandFrom).distinct().sorted().toArray();
    this.delayToSource = new long[sources.length][];
    for (int i = 0; i < sources.length; i++) {
      delayToSource[i] = latencyFrom(t, sources[i]);
    }
    KeyRoutes.Edge[] edges = channels.stream()
        .map(c -> new KeyRoutes.Edge(c.index(), c.a(), c.b(), c.delayNs()))
        .toArray(KeyRoutes.Edge[]::new);
    this.routes = new KeyRoutes(t.nodeCount(), edges, channelsByNode,
        config.relayRouting() == RouteMetric.HOPS);
    this.sharedEntropy = config.qrng().openShared();
  }

  private static int node(Topology t, String name) {
    int i = t.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("unknown node '" + name + "'");
    }
    return i;
  }

  private static Link linkBetween(Topology t, int a, int b) {
    for (int l : t.incidentLinks(a)) {
      if (t.link(l).other(a) == b) {
        return t.link(l);
      }
    }
    throw new IllegalArgumentException("no link between '" + t.node(a).name() + "' and '"
        + t.node(b).name() + "'");
  }

  private static int flowIndex(NetworkPlan network, String name) {
    for (int f = 0; f < network.flowCount(); f++) {
      if (network.flows().get(f).name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown flow '" + name + "'");
  }

  private static int[][] byNode(int nodes, List<KeyChannel> channels) {
    int[] count = new int[nodes];
    for (KeyChannel c : channels) {
      count[c.a()]++;
      count[c.b()]++;
    }
    int[][] out = new int[nodes][];
    for (int v = 0; v < nodes; v++) {
      out[v] = new int[count[v]];
      count[v] = 0;
    }
    for (KeyChannel c : channels) { // channel order: each list ascending
      out[c.a()][count[c.a()]++] = c.index();
      out[c.b()][count[c.b()]++] = c.index();
    }
    return out;
  }

  /** Fibre delay of the lowest-latency path from {@code source} to every node (MAX if none). */
  private static long[] latencyFrom(Topology t, int source) {
    long[] dist = new long[t.nodeCount()];
    Arrays.fill(dist, Long.MAX_VALUE);
    dist[source] = 0;
    java.util.PriorityQueue<long[]> frontier = new java.util.PriorityQueue<>(
        (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    frontier.add(new long[] {0, source});
    while (!frontier.isEmpty()) {
      long[] top = frontier.poll();
      int u = (int) top[1];
      if (top[0] > dist[u]) {
        continue;
      }
      for (int l : t.incidentLinks(u)) {
        Link link = t.link(l);
        long d = dist[u] + link.delayNs();
        int v = link.other(u);
        if (d < dist[v]) {
          dist[v] = d;
          frontier.add(new long[] {d, v});
        }
      }
    }
    return dist;
  }

  public NetworkPlan network() {
    return network;
  }

  public QkdConfig config() {
    return config;
  }

  public List<KeyChannel> channels() {
    return channels;
  }

  public KeyChannel channel(int c) {
    return channels.get(c);
  }

  public int[] channelsOf(int node) {
    return channelsByNode[node];
  }

  /** The BBM92 channel of an entanglement flow, or -1. */
  public int bbm92Channel(int flow) {
    return flow >= 0 && flow < bbm92ChannelByFlow.length ? bbm92ChannelByFlow[flow] : -1;
  }

  /** Index of the first channel on topology link {@code link}, or -1. */
  public int channelOfLink(int link) {
    for (KeyChannel c : channels) {
      if (c.link() == link) {
        return c.index();
      }
    }
    return -1;
  }

  public List<KeyDemandConfig> demands() {
    return demands;
  }

  public int demandFrom(int d) {
    return demandFrom[d];
  }

  public int demandTo(int d) {
    return demandTo[d];
  }

  /** Nodes that source key demand, ascending. */
  public int[] demandSources() {
    return sources;
  }

  /** Classical delay from {@code node} to demand source {@code sources()[i]}. */
  public long delayToSource(int i, int node) {
    return delayToSource[i][node];
  }

  public KeyRoutes routes() {
    return routes;
  }

  public FaultDelivery faults() {
    return faults;
  }

  public KeyBlockSink sink() {
    return sink;
  }

  public Telemetry telemetry() {
    return telemetry;
  }

  public EntropySource sharedEntropy() {
    return sharedEntropy;
  }

  public boolean retainKeys() {
    return retainKeys;
  }

  public long poolCapacityBytes() {
    return Math.max(1, config.poolCapacityBits() / 8);
  }
}
