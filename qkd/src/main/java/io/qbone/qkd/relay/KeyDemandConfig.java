package io.qbone.qkd.relay;

import io.qbone.node.network.ConfigException;

/**
 * Key demand traffic: from {@code startS} on, {@code from} asks for one end-to-end key of
 * {@code keyBits} with {@code to} every {@code keyBits / rateBps} seconds, relayed over trusted
 * nodes.
 */
public record KeyDemandConfig(String name, String from, String to, int keyBits, double rateBps,
    double startS) {
  public KeyDemandConfig {
    if (keyBits <= 0 || keyBits % 8 != 0) {
      throw new ConfigException("key_bits", "'key_bits' must be a positive multiple of 8 bits, got "
          + keyBits);
    }
    if (!(rateBps > 0 && Double.isFinite(rateBps))) {
      throw new ConfigException("rate_bps", "'rate_bps' must be a key rate > 0 bit/s, got "
          + rateBps);
    }
    if (!(startS >= 0 && Double.isFinite(startS))) {
      throw new ConfigException("start_s", "'start_s' must be a time >= 0 s, got " + startS);
    }
    if (from.equals(to)) {
      throw new ConfigException("to", "'to' must be a node other than 'from' ('" + from + "')");
    }
  }

  /** Virtual time between two key requests. */
  public long intervalNs() {
    return Math.max(1, Math.round(keyBits / rateBps * 1e9));
  }
}
