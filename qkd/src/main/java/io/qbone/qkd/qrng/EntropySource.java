package io.qbone.qkd.qrng;

/**
 * Where a node's key material comes from: the random bits Alice's QRNG would produce. Seeded
 * (reproducible, the default), the operating system's generator, or a device file such as a
 * hardware QRNG's character device. Only the seeded source keeps runs byte-reproducible.
 */
public interface EntropySource {
  /** Fills {@code out} with random bytes. */
  void nextBytes(byte[] out);
}
