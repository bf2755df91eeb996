package io.qbone.deploy.kme;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyPairGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;

/**
 * Hybrid session keys: {@code HKDF-SHA256(IKM = QKD key || ML-KEM-768 shared secret, salt =
 * none, info = "qbone-hybrid-v1" || key_ID (16 bytes), L = key length)}. The session key stays
 * secret while either input does, for users moving to QKD plus post-quantum cryptography.
 * ML-KEM-768 (FIPS 203) comes from BouncyCastle; its randomness from {@link SecureRandom}.
 */
public final class HybridKey {
  /** Encoded ML-KEM-768 public key length (FIPS 203, table 3). */
  public static final int PUBLIC_KEY_BYTES = 1184;
  /** Bytes of t̂ at the start of the public key: 384·k for k = 3 (then the 32-byte seed ρ). */
  private static final int T_HAT_BYTES = 384 * 3;
  private static final byte[] INFO_LABEL = "qbone-hybrid-v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private HybridKey() {}

  /** An encapsulated secret: what the holder of the private key needs, and the secret. */
  public record Encapsulation(byte[] ciphertext, byte[] sharedSecret) {}

  /** A fresh ML-KEM-768 key pair as {public key, private key} encodings. */
  public static byte[][] generateKeyPair() {
    MLKEMKeyPairGenerator generator = new MLKEMKeyPairGenerator();
    generator.init(new MLKEMKeyGenerationParameters(RANDOM, MLKEMParameters.ml_kem_768));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    return new byte[][] {
        ((MLKEMPublicKeyParameters) pair.getPublic()).getEncoded(),
        ((MLKEMPrivateKeyParameters) pair.getPrivate()).getEncoded()};
  }

  /**
   * Encapsulates a fresh shared secret to the holder of {@code publicKey}, after FIPS 203's
   * input checks (section 7.2: the length, and the modulus check that every 12-bit coefficient of
   * t̂ is below q = 3329, which BouncyCastle's encapsulation makes) and one of ours: t̂ must not be
   * all zero. Such a key passes FIPS 203's checks, but with t̂ = 0 the ciphertext carries the
   * message with only small noise (v = e₂ + Decompress₁(m)), so anyone can recover the shared
   * secret: the hybrid key would be as weak as its QKD half alone, silently.
   *
   * @throws IllegalArgumentException naming the failed check
   */
  public static Encapsulation encapsulate(byte[] publicKey) {
    if (publicKey.length != PUBLIC_KEY_BYTES) {
      throw new IllegalArgumentException("expected an ML-KEM-768 public key of "
          + PUBLIC_KEY_BYTES + " bytes, got " + publicKey.length);
    }
    if (isZero(publicKey, T_HAT_BYTES)) {
      throw new IllegalArgumentException("the key's t̂ (its first " + T_HAT_BYTES
          + " bytes) is all zero: no private key protects a secret sent to it");
    }
    SecretWithEncapsulation secret;
    try {
      secret = new MLKEMGenerator(RANDOM).generateEncapsulated(
          new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, publicKey));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an ML-KEM-768 encapsulation key: FIPS 203 modulus "
          + "check failed (a 12-bit coefficient of t̂ is not below q = 3329)", e);
    }
    return new Encapsulation(secret.getEncapsulation(), secret.getSecret());
  }

  private static boolean isZero(byte[] bytes, int length) {
    int any = 0;
    for (int i = 0; i < length; i++) {
      any |= bytes[i];
    }
    return any == 0;
  }

  /** The shared secret inside {@code ciphertext}, recovered with the private key. */
  public static byte[] decapsulate(byte[] privateKey, byte[] ciphertext) {
    return new MLKEMExtractor(new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, privateKey))
        .extractSecret(ciphertext);
  }

  /** The session key both SAEs compute from the same QKD key, shared secret and key ID. */
  public static byte[] derive(byte[] qkdKey, byte[] sharedSecret, UUID keyId, int lengthBytes) {
    byte[] ikm = ByteBuffer.allocate(qkdKey.length + sharedSecret.length)
        .put(qkdKey).put(sharedSecret).array();
    byte[] info = ByteBuffer.allocate(INFO_LABEL.length + 16).put(INFO_LABEL)
        .putLong(keyId.getMostSignificantBits()).putLong(keyId.getLeastSignificantBits()).array();
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, null, info));
    byte[] out = new byte[lengthBytes];
    hkdf.generateBytes(out, 0, lengthBytes);
    return out;
  }
}
