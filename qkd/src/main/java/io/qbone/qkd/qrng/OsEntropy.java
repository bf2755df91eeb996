package io.qbone.qkd.qrng;

import java.security.SecureRandom;

/** The operating system's cryptographic generator (SecureRandom); thread-safe, not reproducible. */
public final class OsEntropy implements EntropySource {
  private final SecureRandom random = new SecureRandom();

  @Override
  public void nextBytes(byte[] out) {
    random.nextBytes(out);
  }
}
