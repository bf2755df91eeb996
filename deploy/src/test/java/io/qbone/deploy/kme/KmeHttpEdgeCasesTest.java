package io.qbone.deploy.kme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.qkd.pool.KeyMaterial;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KME API's answers to requests at the edges of HTTP and ETSI GS QKD 014 (docs/kme.md,
 * "Edge cases"): real HTTPS, real client certificates.
 */
class KmeHttpEdgeCasesTest {
  @TempDir
  static Path dir;

  private static KmeNetwork net;
  private static SaeClient alice;

  @BeforeAll
  static void start() throws Exception {
    net = KmeNetwork.onH2(new DevPki(), dir);
    alice = net.client("alice");
    for (int id = 0; id < 20; id++) {
      KeyMaterial m = KmeNetwork.block(0, 1, id, 1000);
      net.kme.sink().accept(m);
    }
    Poll.until("20 blocks stored", Duration.ofSeconds(30), () ->
        alice.get("bob", "status").body().path("stored_key_count").asLong() == 20 * 1000 / 32);
  }

  @AfterAll
  static void stop() throws Exception {
    net.close();
  }

  /** A valid enc_keys body of exactly {@code bytes} bytes (padded with blanks). */
  private static String encKeysBody(int bytes) {
    String json = "{\"number\": 1}";
    return json + " ".repeat(bytes - json.length());
  }

  @Test
  void aBodyOverTheLimitIs413AndTheServerGoesOn() throws Exception {
    SaeClient.Answer atLimit = alice.post("bob", "enc_keys", encKeysBody(KmeApi.MAX_BODY_BYTES));
    assertEquals(200, atLimit.status(), atLimit.body().toString());
    SaeClient.Answer over = alice.post("bob", "enc_keys", encKeysBody(KmeApi.MAX_BODY_BYTES + 1));
    assertEquals(413, over.status(), over.body().toString());
    assertEquals("the request body is larger than 65536 bytes", over.message());
    // Four times the limit: read to its end, then refused, so the client hears the answer.
    SaeClient.Answer huge = alice.post("bob", "enc_keys",
        encKeysBody(4 * KmeApi.MAX_BODY_BYTES));
    assertEquals(413, huge.status(), huge.body().toString());
    assertEquals(200, alice.encKeys("bob", 1, 256).status());
  }

  @Test
  void anOversizedChunkedBodyIs413() throws Exception {
    // Chunked transfer encoding declares no length: the limit stops it as it arrives.
    byte[] atLimit = encKeysBody(KmeApi.MAX_BODY_BYTES).getBytes(StandardCharsets.US_ASCII);
    SaeClient.Answer ok = alice.postStream("bob", "enc_keys",
        () -> new ByteArrayInputStream(atLimit));
    assertEquals(200, ok.status(), ok.body().toString());
    // Four times the limit: read to its end (up to DRAINED_BODY_BYTES), so the answer arrives.
    byte[] big = encKeysBody(4 * KmeApi.MAX_BODY_BYTES).getBytes(StandardCharsets.US_ASCII);
    SaeClient.Answer a = alice.postStream("bob", "enc_keys", () -> new ByteArrayInputStream(big));
    assertEquals(413, a.status(), a.body().toString());
    assertEquals("the request body is larger than 65536 bytes", a.message());
  }

  @Test
  void trailingDataAfterTheJsonIs400() throws Exception {
    SaeClient.Answer second = alice.post("bob", "enc_keys", "{\"number\": 1} {\"number\": 9}");
    assertEquals(400, second.status(), second.body().toString());
    assertEquals("expected one JSON object, got more data after it at byte 14",
        second.message());
    SaeClient.Answer garbage = alice.post("bob", "enc_keys", "{\"number\": 1}garbage");
    assertEquals(400, garbage.status(), garbage.body().toString());
    assertTrue(garbage.message().startsWith("malformed JSON: Unrecognized token 'garbage'"),
        garbage.message());
    SaeClient.Answer dec = alice.post("bob", "dec_keys", "{\"key_IDs\": []}]");
    assertEquals(400, dec.status(), dec.body().toString());
    // Trailing blanks and a final newline are not data.
    assertEquals(200, alice.post("bob", "enc_keys", "{\"number\": 1}\r\n ").status());
  }

  @Test
  void anEmptyBodyIs400ForEveryPost() throws Exception {
    for (String operation : List.of("enc_keys", "dec_keys", "hybrid_enc_keys")) {
      for (String body : List.of("", "  \n")) {
        SaeClient.Answer a = alice.post("bob", operation, body);
        assertEquals(400, a.status(), operation + ": " + a.body());
        assertEquals("expected a JSON object in the request body, got an empty body (GET takes "
            + "no body)", a.message());
      }
    }
    // An empty object asks for the defaults.
    SaeClient.Answer defaults = alice.post("bob", "enc_keys", "{}");
    assertEquals(200, defaults.status(), defaults.body().toString());
    assertEquals(32, defaults.keys().get(0).length);
  }

  @Test
  void anAllZeroMlKemKeyIs400() throws Exception {
    SaeClient.Answer zero = hybrid(new byte[HybridKey.PUBLIC_KEY_BYTES]);
    assertEquals(400, zero.status(), zero.body().toString());
    assertTrue(zero.message().startsWith("mlkem768_public_key: the key's t̂ (its first 1152 "
        + "bytes) is all zero"), zero.message());
    // A real key whose t̂ is zeroed (its seed ρ kept) is refused the same way.
    byte[] key = HybridKey.generateKeyPair()[0];
    java.util.Arrays.fill(key, 0, 1152, (byte) 0);
    assertEquals(400, hybrid(key).status());
    // One non-zero coefficient is a (weak but) valid key per FIPS 203: the check is only t̂ = 0.
    key[0] = 1;
    assertEquals(200, hybrid(key).status());
  }

  @Test
  void anMlKemKeyWithACoefficientOfQIs400() throws Exception {
    byte[] key = HybridKey.generateKeyPair()[0];
    assertEquals(200, hybrid(key).status());
    // Coefficient 0 is the low 12 bits of bytes 0-1: make it 3329 = 0xD01 = q.
    key[0] = 0x01;
    key[1] = (byte) ((key[1] & 0xF0) | 0x0D);
    SaeClient.Answer a = hybrid(key);
    assertEquals(400, a.status(), a.body().toString());
    assertEquals("mlkem768_public_key: not an ML-KEM-768 encapsulation key: FIPS 203 modulus "
        + "check failed (a 12-bit coefficient of t̂ is not below q = 3329)", a.message());
    // q - 1 is in range.
    key[0] = 0x00;
    assertEquals(200, hybrid(key).status());
  }

  private static SaeClient.Answer hybrid(byte[] publicKey) throws Exception {
    return alice.post("bob", "hybrid_enc_keys", "{\"mlkem768_public_key\":\""
        + Base64.getEncoder().encodeToString(publicKey) + "\"}");
  }

  @Test
  void aCertificateNamingTwoSaesIs401() throws Exception {
    for (String subject : List.of("CN=alice,CN=bob", "CN=alice+CN=bob")) {
      SaeClient.Answer a = client(subject).get("bob", "status");
      assertEquals(401, a.status(), subject + ": " + a.body());
      assertTrue(a.message().startsWith("the client certificate names 2 SAEs ["),
          a.message());
      assertTrue(a.message().contains("alice") && a.message().contains("bob"), a.message());
    }
    // Without a CN: two DNS names are as ambiguous as two CNs...
    SaeClient.Answer twoSans = client("O=lab", dns("alice"), dns("bob")).get("bob", "status");
    assertEquals(401, twoSans.status(), twoSans.body().toString());
    assertTrue(twoSans.message().startsWith("the client certificate names 2 SAEs"),
        twoSans.message());
    // ...one is the SAE ID, and one CN among other attributes is too.
    assertEquals(200, client("O=lab", dns("alice")).get("bob", "status").status());
    assertEquals(200, client("CN=alice,O=lab,C=CH").get("bob", "status").status());
    SaeClient.Answer none = client("O=lab").get("bob", "status");
    assertEquals(401, none.status());
    assertEquals("the client certificate names no SAE (expected its CN to be the SAE ID)",
        none.message());
  }

  private static GeneralName dns(String name) {
    return new GeneralName(GeneralName.dNSName, name);
  }

  private static SaeClient client(String subject, GeneralName... altNames) throws Exception {
    return new SaeClient(net.pki, net.pki.clientIdentity(subject, altNames), net.server.port());
  }
}
