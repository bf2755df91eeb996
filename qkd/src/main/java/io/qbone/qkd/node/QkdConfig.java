package io.qbone.qkd.node;

import io.qbone.qkd.link.Bbm92Config;
import io.qbone.qkd.link.QkdLinkConfig;
import io.qbone.qkd.qrng.QrngConfig;
import io.qbone.qkd.relay.KeyDemandConfig;
import io.qbone.router.routing.RouteMetric;
import java.util.List;

/**
 * The scenario's {@code qkd:} section (docs/scenario-reference.md).
 *
 * @param links QKD links, each on a topology link
 * @param bbm92 entanglement flows that make key
 * @param demands end-to-end key demand between nodes
 * @param blockBits sifted bits per error-correction block of a QKD link
 * @param qberThreshold blocks whose measured QBER is above this are discarded and raise an alarm
 * @param poolCapacityBits capacity of each direction of each key pool
 * @param relayRouting metric of the relay path search (hops or latency)
 * @param qrng where key material and relayed keys come from
 * @param tickNs key-management period: when > 0, blocks complete and land in the pools only at
 *     multiples of it (post-processing in batches), which bounds the number of distinct event
 *     times of long runs; 0 for exact block times
 */
public record QkdConfig(
    List<QkdLinkConfig> links,
    List<Bbm92Config> bbm92,
    List<KeyDemandConfig> demands,
    long blockBits,
    double qberThreshold,
    long poolCapacityBits,
    RouteMetric relayRouting,
    QrngConfig qrng,
    long tickNs) {

  public static final long DEFAULT_BLOCK_BITS = 1_000_000;
  /** The BB84 asymptotic limit where 1 - 2h(E) reaches 0 (Shor and Preskill 2000). */
  public static final double DEFAULT_QBER_THRESHOLD = 0.11;
  public static final long DEFAULT_POOL_CAPACITY_BITS = 8L << 20;

  public QkdConfig {
    links = List.copyOf(links);
    bbm92 = List.copyOf(bbm92);
    demands = List.copyOf(demands);
  }

  /** Exact block times (no key-management tick). */
  public QkdConfig(List<QkdLinkConfig> links, List<Bbm92Config> bbm92,
      List<KeyDemandConfig> demands, long blockBits, double qberThreshold, long poolCapacityBits,
      RouteMetric relayRouting, QrngConfig qrng) {
    this(links, bbm92, demands, blockBits, qberThreshold, poolCapacityBits, relayRouting, qrng, 0);
  }
}
