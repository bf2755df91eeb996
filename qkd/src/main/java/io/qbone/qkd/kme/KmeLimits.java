package io.qbone.qkd.kme;

/**
 * What every KME of a scenario promises in its {@code status} answer.
 *
 * @param keySizeBits size of a key when a request names none (bits, multiple of 8)
 * @param minKeySizeBits smallest key a request may ask for
 * @param maxKeySizeBits largest key a request may ask for
 * @param maxKeysPerRequest most keys in one enc_keys or dec_keys request
 * @param maxStoredBits capacity of the key store of one KME pair; material beyond it is dropped
 */
public record KmeLimits(int keySizeBits, int minKeySizeBits, int maxKeySizeBits,
    int maxKeysPerRequest, long maxStoredBits) {

  public static final KmeLimits DEFAULT = new KmeLimits(256, 64, 4096, 128, 64L * 1024 * 1024 * 8);

  public KmeLimits {
    requireBytes("key_size", keySizeBits);
    requireBytes("min_key_size", minKeySizeBits);
    requireBytes("max_key_size", maxKeySizeBits);
    if (minKeySizeBits > keySizeBits || keySizeBits > maxKeySizeBits) {
      throw new IllegalArgumentException("expected min_key_size <= key_size <= max_key_size, got "
          + minKeySizeBits + ", " + keySizeBits + ", " + maxKeySizeBits);
    }
    if (maxKeysPerRequest < 1) {
      throw new IllegalArgumentException("max_key_per_request: expected >= 1, got "
          + maxKeysPerRequest);
    }
    if (maxStoredBits < maxKeySizeBits) {
      throw new IllegalArgumentException("max_stored_bits: expected >= max_key_size, got "
          + maxStoredBits);
    }
  }

  private static void requireBytes(String field, int bits) {
    if (bits < 8 || bits % 8 != 0) {
      throw new IllegalArgumentException(field + ": expected a positive multiple of 8 bits, got "
          + bits);
    }
  }

  /** Keys of the default size the store can hold: the status's {@code max_key_count}. */
  public long maxKeyCount() {
    return maxStoredBits / keySizeBits;
  }
}
