package io.qbone.qkd.pool;

/** One-time pad: the hop-by-hop encryption of trusted-node relay. */
public final class Xor {
  private Xor() {}

  public static byte[] of(byte[] a, byte[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("one-time pad needs equal lengths, got " + a.length
          + " and " + b.length);
    }
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }
}
