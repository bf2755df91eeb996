package io.qbone.router.traffic;

import io.qbone.node.network.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The random requests arising at one node: a Poisson process of rate {@code ratePerS / E} at each
 * of the E endpoints (nodes of kind {@code end}, or every node when there are none), thinned to
 * follow the bursts, with destinations uniform over the other endpoints except for the hot spots'
 * shares. Draws only from the node's own traffic stream, so the arrivals do not depend on the
 * routing protocol.
 */
public final class ArrivalSource {
  /** One arrival: when, and to which node. */
  public record Arrival(long atNs, int destination) {}

  private final TrafficConfig config;
  private final int self;
  private final int[] endpoints;
  private final int[] hotNodes;
  private final double[] hotCumulative;
  private final double boundRatePerS;
  private final SplittableRandom random;
  private double nowS;

  public ArrivalSource(TrafficConfig config, Topology topology, int self, int[] endpoints,
      SplittableRandom random) {
    this.config = config;
    this.self = self;
    this.endpoints = endpoints;
    this.random = random;
    List<Integer> hot = new ArrayList<>();
    List<Double> cumulative = new ArrayList<>();
    double sum = 0;
    for (HotSpot h : config.hotSpots()) {
      hot.add(topology.indexOf(h.node()));
      sum += h.share();
      cumulative.add(sum);
    }
    this.hotNodes = hot.stream().mapToInt(Integer::intValue).toArray();
    this.hotCumulative = cumulative.stream().mapToDouble(Double::doubleValue).toArray();
    boolean isEndpoint = false;
    for (int e : endpoints) {
      isEndpoint |= e == self;
    }
    this.boundRatePerS = isEndpoint && endpoints.length > 1
        ? config.ratePerS() / endpoints.length * config.peakFactor() : 0;
  }

  /** The nodes requests are drawn between: kind {@code end}, or all nodes when none is. */
  public static int[] endpoints(Topology topology) {
    List<Integer> ends = new ArrayList<>();
    for (int v = 0; v < topology.nodeCount(); v++) {
      if ("end".equals(topology.node(v).kind())) {
        ends.add(v);
      }
    }
    if (ends.isEmpty()) {
      for (int v = 0; v < topology.nodeCount(); v++) {
        ends.add(v);
      }
    }
    return ends.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The next random arrival before {@code stopS}, or null when there is none. */
  public Arrival next() {
    if (boundRatePerS <= 0) {
      return null;
    }
    while (true) {
      nowS += -Math.log(1.0 - random.nextDouble()) / boundRatePerS;
      if (nowS >= config.stopS()) {
        return null;
      }
      double accept = config.factorAt(nowS) / config.peakFactor();
      if (random.nextDouble() < accept) {
        return new Arrival(Math.round(nowS * 1e9), destination());
      }
    }
  }

  private int destination() {
    double u = random.nextDouble();
    for (int i = 0; i < hotNodes.length; i++) {
      if (u < hotCumulative[i] && hotNodes[i] != self) {
        return hotNodes[i];
      }
    }
    int d = endpoints[random.nextInt(endpoints.length - 1)];
    // Uniform over the endpoints other than self: skip self by shifting the top one down.
    return d == self ? endpoints[endpoints.length - 1] : d;
  }
}
