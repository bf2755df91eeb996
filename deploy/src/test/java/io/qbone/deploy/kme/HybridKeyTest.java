package io.qbone.deploy.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HybridKeyTest {
  private static final UUID ID = UUID.fromString("bc490419-7d60-487f-adc1-4ddcc177c139");

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  @Test
  void bothSaesDeriveTheSameKeyFromAnMlKemExchange() {
    byte[][] slave = HybridKey.generateKeyPair();
    assertEquals(HybridKey.PUBLIC_KEY_BYTES, slave[0].length);
    HybridKey.Encapsulation master = HybridKey.encapsulate(slave[0]);
    byte[] slaveSecret = HybridKey.decapsulate(slave[1], master.ciphertext());
    assertArrayEquals(master.sharedSecret(), slaveSecret);
    assertEquals(32, slaveSecret.length); // ML-KEM shared secrets are 32 bytes (FIPS 203)
    byte[] qkd = bytes(32, 1);
    assertArrayEquals(HybridKey.derive(qkd, master.sharedSecret(), ID, 32),
        HybridKey.derive(qkd, slaveSecret, ID, 32));
    // Another key pair's holder recovers a different secret (ML-KEM's implicit rejection).
    byte[][] other = HybridKey.generateKeyPair();
    assertFalse(Arrays.equals(slaveSecret, HybridKey.decapsulate(other[1], master.ciphertext())));
  }

  @Test
  void theKeyChangesWhenEitherInputOrTheKeyIdChanges() {
    byte[] qkd = bytes(32, 1);
    byte[] secret = bytes(32, 2);
    byte[] key = HybridKey.derive(qkd, secret, ID, 32);
    byte[] qkdFlipped = qkd.clone();
    qkdFlipped[31] ^= 1;
    byte[] secretFlipped = secret.clone();
    secretFlipped[0] ^= (byte) 0x80;
    assertFalse(Arrays.equals(key, HybridKey.derive(qkdFlipped, secret, ID, 32)));
    assertFalse(Arrays.equals(key, HybridKey.derive(qkd, secretFlipped, ID, 32)));
    assertFalse(Arrays.equals(key, HybridKey.derive(qkd, secret, UUID.randomUUID(), 32)));
  }

  /** HKDF as RFC 5869 defines it, built on the JDK's HMAC: an independent implementation. */
  @Test
  void derivationIsRfc5869HkdfSha256() throws Exception {
    byte[] qkd = bytes(48, 3);
    byte[] secret = bytes(32, 4);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(new byte[32], "HmacSHA256")); // no salt = HashLen zero bytes
    mac.update(qkd);
    byte[] prk = mac.doFinal(secret);
    byte[] info = ByteBuffer.allocate(15 + 16).put("qbone-hybrid-v1".getBytes(StandardCharsets.US_ASCII))
        .putLong(ID.getMostSignificantBits()).putLong(ID.getLeastSignificantBits()).array();
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info);
    byte[] t1 = mac.doFinal(new byte[] {1});
    mac.update(t1);
    mac.update(info);
    byte[] t2 = mac.doFinal(new byte[] {2});
    byte[] expected = ByteBuffer.allocate(48).put(t1).put(t2, 0, 16).array();
    assertArrayEquals(expected, HybridKey.derive(qkd, secret, ID, 48));
  }
}
