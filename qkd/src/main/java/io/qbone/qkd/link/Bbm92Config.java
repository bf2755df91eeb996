package io.qbone.qkd.link;

import io.qbone.node.network.ConfigException;

/**
 * Entanglement-based key on an entanglement flow: the pairs the router delivers to the flow's
 * ends are measured for BBM92 key, in blocks of {@code blockBits} sifted bits.
 */
public record Bbm92Config(String flow, long blockBits, double sifting) {
  public Bbm92Config {
    if (blockBits < 16) {
      throw new ConfigException("block_bits", "'block_bits' must be at least 16 sifted bits, got "
          + blockBits);
    }
    if (!(sifting > 0 && sifting <= 1)) {
      throw new ConfigException("sifting", "'sifting' must be a fraction in (0, 1], got " + sifting);
    }
  }
}
